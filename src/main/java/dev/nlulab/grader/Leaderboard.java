package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Rankings computed from graded submissions, with no database and no page in sight (so they can be
 * tested and measured alone). Higher scores rank first; a tie goes to the earlier submission. Late
 * submissions are left out under the 'unranked' policy and penalized under the 'penalty' one.
 */
public final class Leaderboard {
    private Leaderboard() {}

    /**
     * One student's standing: the submission that counts, its score and time, how many graded submissions they
     * made, and when the latest of them came.
     */
    public record Standing(long userId, long submissionId, double score, Instant submittedAt, int submissions, Instant lastAt) {}

    /** Best public score per student. */
    public static List<Standing> publicStandings(List<Submission> graded, Lab.LatePolicy late) {
        Map<Long, Submission> best = new HashMap<>();
        Map<Long, List<Submission>> byStudent = new HashMap<>();
        for (Submission s : graded) {
            if (!s.graded() || !ranked(s, late)) continue;
            byStudent.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s);
            best.merge(s.userId(), s, (a, b) -> better(a, b, late, Submission::publicScore) ? a : b);
        }
        return sort(best, byStudent, late, Submission::publicScore);
    }

    /** The final submission of each student (by the exercise's rule), ranked by its private score. */
    public static List<Standing> finalStandings(List<Submission> graded, Exercise.FinalSelection rule, Lab.LatePolicy late) {
        Map<Long, List<Submission>> byStudent = new LinkedHashMap<>();
        for (Submission s : graded) {
            if (s.graded() && ranked(s, late)) byStudent.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s);
        }
        Map<Long, Submission> chosen = new HashMap<>();
        byStudent.forEach((user, subs) -> chosen.put(user, finalOf(subs, rule, late)));
        return sort(chosen, byStudent, late, Submission::privateScore);
    }

    /** Which of one student's graded submissions is final; 'chosen' without a choice falls back to best-public. */
    static Submission finalOf(List<Submission> subs, Exercise.FinalSelection rule, Lab.LatePolicy late) {
        if (rule == Exercise.FinalSelection.LAST) {
            return subs.stream().max(Comparator.comparing(Submission::submittedAt).thenComparingLong(Submission::id)).orElseThrow();
        }
        if (rule == Exercise.FinalSelection.CHOSEN) {
            for (Submission s : subs) if (s.chosenFinal()) return s;
        }
        Submission best = null;
        for (Submission s : subs) if (best == null || better(s, best, late, Submission::publicScore)) best = s;
        return best;
    }

    static double counted(Submission s, Lab.LatePolicy late, ToDoubleFunction<Submission> score) {
        double v = score.applyAsDouble(s);
        return s.late() ? late.apply(v) : v;
    }

    private static boolean ranked(Submission s, Lab.LatePolicy late) {
        return !s.late() || late.kind() == Lab.LatePolicy.Kind.PENALTY;
    }

    private static boolean better(Submission a, Submission b, Lab.LatePolicy late, ToDoubleFunction<Submission> score) {
        int c = Double.compare(counted(a, late, score), counted(b, late, score));
        if (c != 0) return c > 0;
        return a.submittedAt().isBefore(b.submittedAt()) || (a.submittedAt().equals(b.submittedAt()) && a.id() < b.id());
    }

    private static List<Standing> sort(Map<Long, Submission> pick, Map<Long, List<Submission>> byStudent, Lab.LatePolicy late,
                                       ToDoubleFunction<Submission> score) {
        List<Standing> out = new ArrayList<>(pick.size());
        pick.forEach((user, s) -> {
            List<Submission> all = byStudent.get(user);
            Instant last = all.stream().map(Submission::submittedAt).max(Comparator.naturalOrder()).orElseThrow();
            out.add(new Standing(user, s.id(), counted(s, late, score), s.submittedAt(), all.size(), last));
        });
        out.sort(Comparator.comparingDouble(Standing::score).reversed()
                .thenComparing(Standing::submittedAt).thenComparingLong(Standing::submissionId));
        return out;
    }
}
