package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One student's grade on one exercise, as the gradebook, the exports and My grades count it: the final
 * submission by the exercise's rule (on-time ones preferred under the 'unranked' late policy), its score on
 * the private share (the whole test set when there is none), the points it earns (points x score clipped to
 * [0, 1], times 1 - penalty when late under the 'penalty' policy), the best public score as the board counts
 * it, and the attempts counted (graded submissions). {@code fin} is null for a student with no graded submission.
 */
record Grade(Exercise exercise, Submission fin, Double bestPublic, int attempts, Instant lastAt) {

    static Grade of(Lab lab, Exercise ex, List<Submission> ofStudent) {
        List<Submission> graded = ofStudent.stream().filter(Submission::graded).toList();
        Instant last = ofStudent.stream().map(Submission::submittedAt).max(Comparator.naturalOrder()).orElse(null);
        if (graded.isEmpty()) return new Grade(ex, null, null, 0, last);
        List<Submission> onTime = graded.stream().filter(s -> !s.late()).toList();
        List<Submission> pool = lab.late().kind() == Lab.LatePolicy.Kind.UNRANKED && !onTime.isEmpty() ? onTime : graded;
        Submission fin = Leaderboard.finalOf(new ArrayList<>(pool), ex.finalSelection(), lab.late());
        double best = graded.stream().mapToDouble(s -> Leaderboard.counted(s, lab.late(), Submission::publicScore)).max().orElseThrow();
        return new Grade(ex, fin, best, graded.size(), last);
    }

    boolean submitted() { return fin != null; }

    boolean late() { return fin != null && fin.late(); }

    /** The final submission's score on the private share (not penalized: the points are). */
    Double score() { return fin == null ? null : fin.privateScore(); }

    Double points(Lab lab) {
        if (fin == null) return null;
        double factor = fin.late() && lab.late().kind() == Lab.LatePolicy.Kind.PENALTY ? 1 - lab.late().penalty() : 1;
        return exercise.points() * Math.max(0, Math.min(1, fin.privateScore())) * factor;
    }
}
