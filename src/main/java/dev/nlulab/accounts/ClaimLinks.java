package dev.nlulab.accounts;

import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import dev.nlulab.store.Times;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * One-time links to claim a roster row above student (an instructor): whoever knows the address and the course's
 * invite code could otherwise sign up as that instructor. Only the token's digest is stored; using it deletes it.
 */
public final class ClaimLinks {
    private final Jdbi jdbi;

    public ClaimLinks(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A new link token for the roster row {@code userId}, replacing any earlier one (inside the import's transaction). */
    static String issue(Handle h, long userId, Instant now) {
        String token = Tokens.secret();
        h.createUpdate("DELETE FROM claim_links WHERE user_id = :u").bind("u", userId).execute();
        h.createUpdate("INSERT INTO claim_links (token, user_id, created_at) VALUES (:t, :u, :c)")
                .bind("t", Tokens.sha256(token)).bind("u", userId).bind("c", Times.db(now)).execute();
        return token;
    }

    /** The unclaimed roster row a token opens, if the token is (still) valid. */
    public Optional<User> holder(String token) {
        return jdbi.withHandle(h -> holder(h, token));
    }

    static Optional<User> holder(Handle h, String token) {
        if (token == null || token.length() > 100) return Optional.empty();
        return h.createQuery("SELECT u.* FROM users u JOIN claim_links c ON c.user_id = u.id WHERE c.token = :t AND u.password_hash IS NULL")
                .bind("t", Tokens.sha256(token)).map(UserStore.MAPPER).findOne();
    }

    /** Uses the token up; false when another request used it first. */
    static boolean consume(Handle h, String token) {
        return h.createUpdate("DELETE FROM claim_links WHERE token = :t").bind("t", Tokens.sha256(token)).execute() == 1;
    }
}
