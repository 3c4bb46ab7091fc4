package dev.nlulab.demos;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Demo calls a user may make: a bucket per user of {@code burst} calls that refills at
 * {@code perMinute}. It guards this server's own in-process models, so it lives in this server and
 * needs no database; a request over the limit is told when to try again.
 */
final class RateLimit {
    private record Bucket(double tokens, long atMillis) {}

    private final int burst;
    private final double perMilli;
    private final Clock clock;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimit(int burst, int perMinute, Clock clock) {
        if (burst < 1 || perMinute < 1) throw new IllegalArgumentException("a demo rate limit needs burst and perMinute >= 1");
        this.burst = burst;
        this.perMilli = perMinute / 60_000.0;
        this.clock = clock;
    }

    /** Takes one call from the user's bucket: 0 when allowed, else the seconds until one is free. */
    long take(long user) {
        long now = clock.millis();
        long[] wait = {0};
        buckets.compute(user, (id, b) -> {
            double tokens = b == null ? burst : Math.min(burst, b.tokens() + (now - b.atMillis()) * perMilli);
            if (tokens >= 1) return new Bucket(tokens - 1, now);
            wait[0] = (long) Math.ceil((1 - tokens) / perMilli / 1000.0);
            return new Bucket(tokens, now);
        });
        return wait[0];
    }
}
