package dev.nlulab.grader;

import java.time.Instant;

/**
 * What a student may still do on an exercise now: attempts left today and in all, when today's count
 * resets (midnight in the course time zone), their deadline (extension included), whether a submission
 * now is late, and whether the exercise takes submissions at all.
 */
public record Attempts(int leftToday, int leftTotal, Instant resetsAt, Instant deadline, Instant closes,
                       boolean late, boolean open) {}
