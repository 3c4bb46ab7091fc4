package dev.nlulab.jobs;

import dev.nlulab.store.Database;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Leadership among servers sharing one database: the row {@code scheduler_lease('jobs')} names the
 * holder until {@code expires_at}. The holder renews it each tick; anyone takes it over once it
 * has expired. Portable SQL: a guarded UPDATE, then an INSERT that the primary key lets only one
 * server win. Servers' clocks must agree to well within the lease time.
 */
public final class SchedulerLease {
    private static final String NAME = "jobs";

    private final Jdbi jdbi;
    private final String holder;
    private final Duration ttl;
    private final Clock clock;

    public SchedulerLease(Database db, String holder, Duration ttl, Clock clock) {
        this.jdbi = db.jdbi();
        this.holder = holder;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String holder() { return holder; }

    /** Takes or renews the lease; true when this server leads until now + ttl. */
    public boolean tryAcquire() {
        Instant now = clock.instant();
        int renewed = jdbi.withHandle(h -> h.createUpdate("UPDATE scheduler_lease SET holder = :me, expires_at = :until"
                        + " WHERE name = :name AND (expires_at < :now OR holder = :me)")
                .bind("me", holder).bind("until", JobStore.odt(now.plus(ttl))).bind("now", JobStore.odt(now))
                .bind("name", NAME).execute());
        if (renewed == 1) return true;
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO scheduler_lease (name, holder, expires_at) VALUES (:name, :me, :until)")
                    .bind("name", NAME).bind("me", holder).bind("until", JobStore.odt(now.plus(ttl))).execute());
            return true;
        } catch (RuntimeException e) {
            return false; // the row exists and someone else holds it
        }
    }

    /** Gives the lease up (clean shutdown) so another server need not wait for it to expire. */
    public void release() {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM scheduler_lease WHERE name = :name AND holder = :me")
                .bind("name", NAME).bind("me", holder).execute());
    }
}
