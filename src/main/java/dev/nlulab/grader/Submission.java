package dev.nlulab.grader;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the submissions table, private score included: it stays inside the grader package.
 * Pages get {@link SubmissionView}s, which hide the private score until the viewer may see it.
 * Scores are null unless the status is GRADED; {@code reported} holds the further metrics the exercise
 * reports, by name, in the lab's order (empty when it reports none or the submission was not graded).
 */
record Submission(long id, long userId, String labId, String exerciseId, String kind, String filePath, Long jobId,
                  Status status, Double publicScore, Double privateScore, Double overallScore, Instant submittedAt,
                  Instant gradedAt, boolean late, boolean chosenFinal, String message, Map<String, Score> reported) {

    /** PENDING: a job still running or a file being graded; INVALID and NOT_GRADABLE cost no attempt. */
    public enum Status { PENDING, GRADED, INVALID, NOT_GRADABLE }

    boolean graded() { return status == Status.GRADED; }
}
