package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Class figures of one exercise (instructors): participation, submissions, means and medians of both boards. */
final class ClassFigures {
    private final SubmissionService submissions;
    private final LeaderboardService boards;
    private final StudentDirectory students;

    ClassFigures(SubmissionService submissions, LeaderboardService boards, StudentDirectory students) {
        this.submissions = submissions;
        this.boards = boards;
        this.students = students;
    }

    /** Participation: students with at least one graded submission; means and medians over students. */
    public record Stats(Lab lab, Exercise ex, int students, int participants, int submissions, String participation,
                        String publicMean, String publicMedian, String finalMean, String finalMedian) {}

    Stats of(Viewer viewer, Lab lab, Exercise ex) {
        List<SubmissionView> all = submissions.ofExercise(viewer, lab.id(), ex.id());
        int count = students.students().size();
        Set<Long> participants = all.stream().filter(s -> s.status() == SubmissionStatus.GRADED).map(SubmissionView::userId).collect(Collectors.toSet());
        Distribution pub = boards.publicBoard(viewer, lab.id(), ex.id()).distribution();
        Distribution fin = boards.finalBoard(viewer, lab.id(), ex.id()).distribution();
        String participation = count == 0 ? "–" : Math.round(100.0 * participants.size() / count) + "%";
        return new Stats(lab, ex, count, participants.size(), all.size(), participation,
                Format.score(pub.mean()), Format.score(pub.median()), Format.score(fin.mean()), Format.score(fin.median()));
    }
}
