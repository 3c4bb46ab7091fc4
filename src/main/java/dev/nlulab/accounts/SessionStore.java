package dev.nlulab.accounts;

import dev.nlulab.identity.Session;
import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import dev.nlulab.store.Times;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions live in the database, so they survive a restart and any server node can serve any user. A
 * session found is kept in memory for {@link #REMEMBERED} so that a page costs no query for it; signing out
 * and {@link #closeAllOf} forget it at once on this server, another server notices within that time.
 */
public final class SessionStore {
    static final Duration REMEMBERED = Duration.ofSeconds(30);
    private static final int SWEEP_ABOVE = 10_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** A session as read from the database, and until when it may be used without reading it again. */
    private record Remembered(Session session, Instant until) {}

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
        Remembered r = remembered.get(token);
        if (r != null && now.isBefore(r.until()) && now.isBefore(r.session().expiresAt())) return Optional.of(r.session());
        Optional<Session> found = read(token, now);
        if (remembered.size() > SWEEP_ABOVE) remembered.values().removeIf(x -> !now.isBefore(x.until()));
        found.ifPresentOrElse(s -> remembered.put(token, new Remembered(s, now.plus(REMEMBERED))), () -> remembered.remove(token));
        return found;
    }

    private Optional<Session> read(String token, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT s.csrf_token, s.expires_at, u.* FROM sessions s "
                        + "JOIN users u ON u.id = s.user_id WHERE s.id = :id AND s.expires_at > :now")
                .bind("id", Tokens.sha256(token)).bind("now", Times.db(now))
                .map((rs, ctx) -> new Session(token, UserStore.MAPPER.map(rs, ctx), rs.getString("csrf_token"),
                        Times.instant(rs, "expires_at")))
                .findOne());
    }

    public void close(String token) {
        if (token == null) return;
        remembered.remove(token);
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id = :id").bind("id", Tokens.sha256(token)).execute());
        remembered.remove(token); // again: a find may have read the row meanwhile
    }

    public void closeAllOf(long userId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u").bind("u", userId).execute());
        remembered.values().removeIf(r -> r.session().user().id() == userId);
    }

    public int purgeExpired() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
                .bind("now", Times.db(clock.instant())).execute());
    }
}
