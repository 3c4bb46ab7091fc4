package dev.nlulab.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * A job row (without its spec, which lives in the spec column and the job folder's spec.json).
 * Times are null until they happen; {@code stopRequested} is the ending a cancel or a wall-time
 * stop asked for, kept in the database so another server finishes the stop after a restart.
 */
public record Job(
        long id,
        long userId,
        String labId,
        String exerciseId,
        String kind,
        JobState state,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant gradedAt,
        String executor,
        String handle,
        long estimatedPeakBytes,
        Long measuredPeakBytes,
        Duration wallTimeLimit,
        JobState stopRequested,
        String exitReason,
        boolean infraFailure) {

    /** Seconds of GPU (or CPU slot) time the job held, up to {@code now} while it still runs. */
    public double heldSeconds(Instant now) {
        if (startedAt == null) return 0;
        Instant end = finishedAt != null ? finishedAt : now;
        return Math.max(0, Duration.between(startedAt, end).toMillis() / 1000.0);
    }

    /** Counts against quotas and fair-share usage: not cancelled and not our fault. */
    public boolean chargeable() {
        return state != JobState.CANCELLED && !infraFailure;
    }
}
