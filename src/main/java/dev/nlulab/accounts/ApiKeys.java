package dev.nlulab.accounts;

import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import dev.nlulab.store.Times;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Users' keys for the OpenAI-compatible /v1 API: made on the API keys page and shown once, kept as a
 * SHA-256 digest (a key is 256 random bits, so a fast digest is as safe as a password hash and costs
 * nothing per request), revoked by their owner. Each use is counted in its minute in the database, so
 * a per-key rate limit holds across server nodes.
 */
public final class ApiKeys {
    /** What a key begins with, so that people and secret scanners recognise one. */
    public static final String PREFIX = "nlulab-";
    public static final int MAX_NAME = 80;
    /** Keys a user may have that are not revoked. */
    public static final int MAX_ACTIVE = 10;

    static final RowMapper<ApiKey> MAPPER = (rs, ctx) -> new ApiKey(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"),
            rs.getString("key_hint"), Times.instant(rs, "created_at"), Times.instant(rs, "last_used_at"), Times.instant(rs, "revoked_at"));

    /** A key just made: the secret, shown to its owner this once, and its listing. */
    public record NewKey(String secret, ApiKey key) {}

    /** A request's key checked: whose it is, and how many requests it made in the current minute (this one included). */
    public record Use(User user, long keyId, int requestsThisMinute, Instant minuteEnds) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public ApiKeys(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Makes a key for the user; a blank name becomes "key N". */
    public NewKey create(User owner, String name) {
        String n = name == null ? "" : name.trim();
        if (n.length() > MAX_NAME) throw FieldErrors.of("name", "Use at most " + MAX_NAME + " characters for the key's name.");
        if (n.chars().anyMatch(Character::isISOControl)) throw FieldErrors.of("name", "Remove control characters from the name.");
        String secret = PREFIX + Tokens.secret();
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            long active = h.createQuery("SELECT COUNT(*) FROM api_keys WHERE user_id = :u AND revoked_at IS NULL")
                    .bind("u", owner.id()).mapTo(Long.class).one();
            if (active >= MAX_ACTIVE) {
                throw FieldErrors.of("name", "You have " + MAX_ACTIVE + " keys already. Revoke one you no longer use first.");
            }
            String keyName = n.isEmpty() ? "key " + (h.createQuery("SELECT COUNT(*) FROM api_keys WHERE user_id = :u")
                    .bind("u", owner.id()).mapTo(Long.class).one() + 1) : n;
            long id = h.createUpdate("INSERT INTO api_keys (user_id, name, key_hash, key_hint, created_at) VALUES (:u, :n, :h, :hint, :t)")
                    .bind("u", owner.id()).bind("n", keyName).bind("h", Tokens.sha256(secret))
                    .bind("hint", secret.substring(secret.length() - 4)).bind("t", Times.db(now))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new NewKey(secret, h.createQuery("SELECT * FROM api_keys WHERE id = :id").bind("id", id).map(MAPPER).one());
        });
    }

    /** The user's keys, newest first, revoked ones included. */
    public List<ApiKey> of(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_keys WHERE user_id = :u ORDER BY created_at DESC, id DESC")
                .bind("u", userId).map(MAPPER).list());
    }

    /** Revokes the owner's key; false when the owner has no such key that is not revoked yet. */
    public boolean revoke(long ownerId, long keyId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_keys SET revoked_at = :t WHERE id = :id AND user_id = :u AND revoked_at IS NULL")
                .bind("t", Times.db(clock.instant())).bind("id", keyId).bind("u", ownerId).execute()) == 1;
    }

    /**
     * Checks a key sent with a request and counts the request in its minute; empty for an unknown or
     * revoked key. One row update counts it, so concurrent requests on several nodes are all counted.
     */
    public Optional<Use> use(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) return Optional.empty();
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        String hash = Tokens.sha256(secret);
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE api_keys SET window_requests = CASE WHEN window_start = :m THEN window_requests + 1 ELSE 1 END, "
                            + "window_start = :m, last_used_at = :t WHERE key_hash = :h AND revoked_at IS NULL")
                    .bind("m", Times.db(minute)).bind("t", Times.db(now)).bind("h", hash).execute();
            if (updated == 0) return Optional.<Use>empty();
            return h.createQuery("SELECT k.id AS key_id, k.window_requests, u.* FROM api_keys k JOIN users u ON u.id = k.user_id "
                            + "WHERE k.key_hash = :h")
                    .bind("h", hash)
                    .map((rs, ctx) -> new Use(UserStore.MAPPER.map(rs, ctx), rs.getLong("key_id"), rs.getInt("window_requests"),
                            minute.plus(1, ChronoUnit.MINUTES)))
                    .findOne();
        });
    }
}
