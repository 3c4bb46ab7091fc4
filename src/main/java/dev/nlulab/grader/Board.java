package dev.nlulab.grader;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A leaderboard as a viewer may see it. {@code isFinal}: ranked by private scores of final submissions
 * (only after {@code revealAt}); otherwise by best public score. Ranks are ranks: students with equal
 * scores share one, and the next rank counts them all (1, 1, 3). {@code baselines}: the exercise's reference
 * systems on the same share, best first; they are not ranked among the students.
 */
public record Board(String labId, String exerciseId, String metric, boolean isFinal, Instant revealAt,
                    List<Row> rows, List<BaselineRow> baselines, Distribution distribution) {

    /** A baseline's score on the board's share, and its further metrics. */
    public record BaselineRow(String name, double score, Map<String, Double> reported) {}

    /**
     * {@code userId} is null when pseudonyms hide it from this viewer; {@code you} marks the viewer's
     * own row. {@code submittedAt} is when the submission that counts came, {@code lastAt} the student's
     * latest. {@code reported}: the further metrics of the submission that counts, on this board's share
     * (a late one's penalized like its score). On a final board, {@code publicRank} is the student's public
     * rank and {@code rankChange} how many places they moved (positive: up); both null for a student not on
     * the public board.
     */
    public record Row(int rank, Long userId, String name, double score, Instant submittedAt, int submissions,
                      boolean you, Integer publicRank, Integer rankChange, Instant lastAt, Map<String, Double> reported) {}
}
