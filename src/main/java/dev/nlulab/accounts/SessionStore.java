package dev.nlulab.accounts;

import dev.nlulab.identity.Session;
import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import dev.nlulab.store.Times;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Sessions live in the database, so they survive a restart and any server node can serve any user. */
public final class SessionStore {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration lifetime;

    public SessionStore(Jdbi jdbi, Clock clock, Duration lifetime) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Session open(User user) {
        String token = Tokens.secret();
        String csrf = Tokens.secret();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) "
                        + "VALUES (:id, :u, :c, :t, :x)")
                .bind("id", Tokens.sha256(token)).bind("u", user.id()).bind("c", csrf)
                .bind("t", Times.db(now)).bind("x", Times.db(expires)).execute());
        return new Session(token, user, csrf, expires);
    }

    public Optional<Session> find(String token) {
        if (token == null || token.isBlank() || token.length() > 100) return Optional.empty();
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("SELECT s.csrf_token, s.expires_at, u.* FROM sessions s "
                        + "JOIN users u ON u.id = s.user_id WHERE s.id = :id AND s.expires_at > :now")
                .bind("id", Tokens.sha256(token)).bind("now", Times.db(now))
                .map((rs, ctx) -> new Session(token, UserStore.MAPPER.map(rs, ctx), rs.getString("csrf_token"),
                        Times.instant(rs, "expires_at")))
                .findOne());
    }

    public void close(String token) {
        if (token == null) return;
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id = :id").bind("id", Tokens.sha256(token)).execute());
    }

    public void closeAllOf(long userId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u").bind("u", userId).execute());
    }

    public int purgeExpired() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
                .bind("now", Times.db(clock.instant())).execute());
    }
}
