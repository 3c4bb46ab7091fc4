package dev.nlulab.grader;

import java.time.Instant;

/**
 * A student's request to look at one of their submissions again: the reason they gave, and once answered,
 * the instructor's answer and whether the submission was regraded with the current key.
 */
public record RegradeRequest(long id, long submissionId, long userId, String labId, String exerciseId, String reason, Instant askedAt,
                             String answer, Long answeredBy, Instant answeredAt, boolean regraded) {
    public boolean open() { return answer == null; }
}
