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
                  SubmissionStatus status, Double publicScore, Double privateScore, Double overallScore, Instant submittedAt,
                  Instant gradedAt, boolean late, boolean chosenFinal, String message, Map<String, Score> reported) {

    boolean graded() { return status == SubmissionStatus.GRADED; }
}
