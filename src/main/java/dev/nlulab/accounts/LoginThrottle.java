package dev.nlulab.accounts;

import dev.nlulab.store.Times;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows password guessing without letting anyone lock a student out. A browser that signed in to the account
 * before (it has a {@link DeviceCookies device cookie}) is held back only by its own failures. Any other client is
 * held back after too many failures at the account, or from its address, in a window: that stops guessing, and
 * the student's own browser still gets in. Failures are rows, so every server node sees them.
 */
public final class LoginThrottle {
    static final int MAX_PER_ACCOUNT = 5;
    static final int MAX_PER_ADDRESS = 20;
    static final int MAX_PER_DEVICE = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Jdbi jdbi;
    private final Clock clock;

    public LoginThrottle(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** How long the caller must wait, when it must; {@code device} is the id of the caller's device cookie for this account, or null. */
    public Optional<Duration> blockedFor(String email, String address, String device) {
        Instant now = clock.instant();
        Instant until;
        if (device != null) {
            until = blockedUntil("device = :v", device, MAX_PER_DEVICE, now);
        } else {
            Instant byAccount = blockedUntil("email = :v AND device IS NULL", UserStore.normalizeEmail(email), MAX_PER_ACCOUNT, now);
            Instant byAddress = blockedUntil("address = :v AND device IS NULL", address, MAX_PER_ADDRESS, now);
            until = byAccount == null ? byAddress : byAddress == null || byAccount.isAfter(byAddress) ? byAccount : byAddress;
        }
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    private record Failures(long count, Instant first) {}

    /** {@code which} is one of the fixed conditions above, never user input. */
    private Instant blockedUntil(String which, String value, int max, Instant now) {
        Failures f = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, MIN(at) AS first_at FROM login_failures "
                        + "WHERE " + which + " AND at > :since")
                .bind("v", value).bind("since", Times.db(now.minus(WINDOW)))
                .map((rs, c) -> new Failures(rs.getLong("n"), Times.instant(rs, "first_at")))
                .one());
        return f.count() >= max ? f.first().plus(WINDOW) : null;
    }

    public void recordFailure(String email, String address, String device) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO login_failures (email, address, device, at) VALUES (:e, :a, :d, :t)")
                .bind("e", UserStore.normalizeEmail(email)).bind("a", address).bind("d", device).bind("t", Times.db(clock.instant()))
                .execute());
    }

    /** Forgets the failures the student just made from this address (typos before the right password), not others'. */
    public void clear(String email, String address) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE email = :e AND address = :a")
                .bind("e", UserStore.normalizeEmail(email)).bind("a", address).execute());
    }
}
