package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A student's own grades, every lab and exercise: the best public score and the final submission's score,
 * points and rank (the private side only once revealed to them), their deadline and whether it was extended,
 * the write-up of the final submission, and their regrade requests. Nothing of another student's.
 */
public final class StudentGrades {
    private final LabCatalog labs;
    private final SubmissionService submissions;
    private final LeaderboardService boards;
    private final RegradeRequests requests;

    public StudentGrades(LabCatalog labs, SubmissionService submissions, LeaderboardService boards, RegradeRequests requests) {
        this.labs = labs;
        this.submissions = submissions;
        this.boards = boards;
        this.requests = requests;
    }

    /** One lab's exercises as the student stands on them. */
    public record LabGrades(Lab lab, List<ExerciseGrade> exercises) {}

    /**
     * {@code finalScore} and {@code points} are null until revealed (or when nothing was graded); {@code rank} is
     * on the final board once revealed, on the public board before (null when not on it); {@code own}: the
     * student's submissions, newest first (a regrade request names one).
     */
    public record ExerciseGrade(Exercise exercise, Double best, Double finalScore, Double points, boolean revealed, boolean late,
                                int attempts, Integer rank, Integer of, Instant deadline, boolean extended, Long finalId,
                                String writeup, List<SubmissionView> own, List<RegradeRequest> requests) {}

    public List<LabGrades> of(Viewer viewer) {
        Map<String, List<RegradeRequest>> asked = requests.mine(viewer).stream()
                .collect(Collectors.groupingBy(r -> r.labId() + "/" + r.exerciseId()));
        List<LabGrades> out = new ArrayList<>();
        for (Lab lab : labs.labs()) {
            List<ExerciseGrade> grades = new ArrayList<>();
            for (Exercise ex : lab.exercises()) grades.add(grade(viewer, lab, ex, asked.getOrDefault(lab.id() + "/" + ex.id(), List.of())));
            out.add(new LabGrades(lab, List.copyOf(grades)));
        }
        return out;
    }

    private ExerciseGrade grade(Viewer viewer, Lab lab, Exercise ex, List<RegradeRequest> asked) {
        List<Submission> own = submissions.store().ofStudent(viewer.userId(), lab.id(), ex.id());
        Grade g = Grade.of(lab, ex, own);
        boolean revealed = submissions.revealed(viewer, lab, ex);
        Board board = revealed ? boards.finalBoard(viewer, lab.id(), ex.id()) : boards.publicBoard(viewer, lab.id(), ex.id());
        Integer rank = board.rows().stream().filter(Board.Row::you).map(Board.Row::rank).findFirst().orElse(null);
        Instant deadline = submissions.deadline(viewer.userId(), lab, ex);
        Long finalId = g.submitted() ? g.fin().id() : null;
        String writeup = finalId == null ? null : submissions.writeups(List.of(finalId)).get(finalId);
        List<SubmissionView> views = Format.newestFirst(submissions.history(viewer, lab.id(), ex.id()));
        return new ExerciseGrade(ex, g.bestPublic(), revealed ? g.score() : null, revealed ? g.points(lab) : null, revealed, g.late(),
                g.attempts(), rank, board.rows().size(), deadline, deadline.isAfter(lab.deadline()), finalId, writeup, views, asked);
    }
}
