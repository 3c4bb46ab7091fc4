package dev.nlulab.grader;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A submission as a viewer may see it. {@code privateScore} and {@code overallScore} are null until the
 * results are revealed to that viewer (after the deadline and every extension; always for instructors).
 * {@code hasFile}: the file it was graded from is kept (unreadable files are not). {@code reported}: the further
 * metrics the exercise reports, in the lab's order.
 */
public record SubmissionView(long id, long userId, String labId, String exerciseId, String kind, Long jobId,
                             SubmissionStatus status, Double publicScore, Double privateScore, Double overallScore,
                             Instant submittedAt, Instant gradedAt, boolean late, boolean chosenFinal, String message,
                             boolean hasFile, List<Reported> reported) {

    /** A further metric the exercise reports; its private score null until revealed, like the main one. */
    public record Reported(String metric, Double publicScore, Double privateScore) {}

    static SubmissionView of(Submission s, boolean revealed) {
        List<Reported> reported = new ArrayList<>();
        s.reported().forEach((metric, score) -> reported.add(new Reported(metric, score.publicScore(), revealed ? score.privateScore() : null)));
        return new SubmissionView(s.id(), s.userId(), s.labId(), s.exerciseId(), s.kind(), s.jobId(), s.status(),
                s.publicScore(), revealed ? s.privateScore() : null, revealed ? s.overallScore() : null,
                s.submittedAt(), s.gradedAt(), s.late(), s.chosenFinal(), s.message(), s.filePath() != null, List.copyOf(reported));
    }
}
