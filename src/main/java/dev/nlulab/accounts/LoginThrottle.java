package dev.nlulab.accounts;

import dev.nlulab.store.Times;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows password guessing: after too many failures in a window, an account (or an address) is
 * refused until the window has passed. Failures are rows, so every server node sees them.
 */
public final class LoginThrottle {
    static final int MAX_PER_ACCOUNT = 5;
    static final int MAX_PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Jdbi jdbi;
    private final Clock clock;

    public LoginThrottle(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** How long the caller must wait, when it must. */
    public Optional<Duration> blockedFor(String email, String address) {
        Instant now = clock.instant();
        Instant byAccount = blockedUntil("email", UserStore.normalizeEmail(email), MAX_PER_ACCOUNT, now);
        Instant byAddress = blockedUntil("address", address, MAX_PER_ADDRESS, now);
        Instant until = byAccount == null ? byAddress
                : byAddress == null ? byAccount : (byAccount.isAfter(byAddress) ? byAccount : byAddress);
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    private record Failures(long count, Instant first) {}

    /** column is one of two fixed names, never user input. */
    private Instant blockedUntil(String column, String value, int max, Instant now) {
        Failures f = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, MIN(at) AS first_at FROM login_failures "
                        + "WHERE " + column + " = :v AND at > :since")
                .bind("v", value).bind("since", Times.db(now.minus(WINDOW)))
                .map((rs, c) -> new Failures(rs.getLong("n"), Times.instant(rs, "first_at")))
                .one());
        return f.count() >= max ? f.first().plus(WINDOW) : null;
    }

    public void recordFailure(String email, String address) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO login_failures (email, address, at) VALUES (:e, :a, :t)")
                .bind("e", UserStore.normalizeEmail(email)).bind("a", address).bind("t", Times.db(clock.instant()))
                .execute());
    }

    public void clear(String email) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE email = :e")
                .bind("e", UserStore.normalizeEmail(email)).execute());
    }
}
