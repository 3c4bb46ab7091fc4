package dev.nlulab.accounts;

import java.time.Instant;

/** A user's key for the /v1 API as its owner sees it listed: never the key itself, only its last characters. */
public record ApiKey(long id, long userId, String name, String hint, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
