package dev.nlulab.identity;

import java.time.Instant;

/** A signed-in browser: the cookie holds {@code token}; the database holds only its digest. */
public record Session(String token, User user, String csrfToken, Instant expiresAt) {}
