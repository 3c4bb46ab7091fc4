package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rankings without a database: late policies and the three ways of choosing the final submission. */
class LeaderboardTest {
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private static Submission graded(long id, long user, double pub, double priv, int minute, boolean late, boolean chosen) {
        return new Submission(id, user, "lab", "ex", "predictions", null, null, SubmissionStatus.GRADED, pub, priv, (pub + priv) / 2,
                T.plusSeconds(60L * minute), T, late, chosen, null, Map.of());
    }

    @Test
    void aStandingKnowsTheStudentsLatestEntryBesidesTheOneThatCounts() {
        List<Submission> subs = List.of(graded(1, 1, 0.9, 0.1, 0, false, false), graded(2, 1, 0.2, 0.8, 10, false, false),
                graded(3, 2, 0.5, 0.5, 3, false, false));
        List<Leaderboard.Standing> pub = Leaderboard.publicStandings(subs, Lab.LatePolicy.UNRANKED);
        assertThat(pub).extracting(Leaderboard.Standing::userId).containsExactly(1L, 2L);
        assertThat(pub.get(0).submittedAt()).isEqualTo(T);                 // the best entry counts
        assertThat(pub.get(0).lastAt()).isEqualTo(T.plusSeconds(600));     // the latest is ten minutes later
        assertThat(pub.get(1).lastAt()).isEqualTo(T.plusSeconds(180));
        List<Leaderboard.Standing> fin = Leaderboard.finalStandings(subs, Exercise.FinalSelection.BEST_PUBLIC, Lab.LatePolicy.UNRANKED);
        assertThat(fin).extracting(Leaderboard.Standing::lastAt).containsExactly(T.plusSeconds(180), T.plusSeconds(600));
    }

    @Test
    void lateSubmissionsAreUnrankedOrPenalized() {
        List<Submission> subs = List.of(graded(1, 1, 0.6, 0.6, 0, false, false), graded(2, 1, 0.9, 0.9, 5, true, false),
                graded(3, 2, 0.8, 0.8, 1, true, false));
        List<Leaderboard.Standing> unranked = Leaderboard.publicStandings(subs, Lab.LatePolicy.UNRANKED);
        assertThat(unranked).extracting(Leaderboard.Standing::userId).containsExactly(1L);
        assertThat(unranked.get(0).score()).isEqualTo(0.6);
        List<Leaderboard.Standing> penalized = Leaderboard.publicStandings(subs, new Lab.LatePolicy(Lab.LatePolicy.Kind.PENALTY, 0.25));
        // user 1: max(0.6, 0.9 * 0.75 = 0.675); user 2: 0.8 * 0.75 = 0.6
        assertThat(penalized).extracting(Leaderboard.Standing::userId).containsExactly(1L, 2L);
        assertThat(penalized.get(0).score()).isEqualTo(0.675, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(penalized.get(0).submissionId()).isEqualTo(2);
    }

    @Test
    void theFinalSubmissionIsTheBestPublicTheChosenOrTheLast() {
        List<Submission> subs = List.of(graded(1, 1, 0.9, 0.1, 0, false, false), graded(2, 1, 0.5, 0.7, 1, false, true),
                graded(3, 1, 0.2, 0.4, 2, false, false));
        assertThat(Leaderboard.finalStandings(subs, Exercise.FinalSelection.BEST_PUBLIC, Lab.LatePolicy.UNRANKED).get(0).score()).isEqualTo(0.1);
        assertThat(Leaderboard.finalStandings(subs, Exercise.FinalSelection.CHOSEN, Lab.LatePolicy.UNRANKED).get(0).score()).isEqualTo(0.7);
        assertThat(Leaderboard.finalStandings(subs, Exercise.FinalSelection.LAST, Lab.LatePolicy.UNRANKED).get(0).score()).isEqualTo(0.4);
        List<Submission> noChoice = List.of(subs.get(0), subs.get(2));
        assertThat(Leaderboard.finalStandings(noChoice, Exercise.FinalSelection.CHOSEN, Lab.LatePolicy.UNRANKED).get(0).submissionId()).isEqualTo(1);
    }

    @Test
    void equalScoresGoToTheEarlierSubmission() {
        List<Submission> subs = List.of(graded(1, 7, 0.5, 0.5, 3, false, false), graded(2, 8, 0.5, 0.5, 1, false, false));
        assertThat(Leaderboard.publicStandings(subs, Lab.LatePolicy.UNRANKED)).extracting(Leaderboard.Standing::userId).containsExactly(8L, 7L);
    }

    @Test
    void theDistributionSummarizesScores() {
        Distribution d = Distribution.of(new double[] {0.0, 0.25, 0.5, 1.0});
        assertThat(d.count()).isEqualTo(4);
        assertThat(d.median()).isEqualTo(0.375);
        assertThat(d.mean()).isEqualTo(0.4375);
        assertThat(d.bins()).hasSize(Distribution.BINS);
        assertThat(d.bins().get(0)).isEqualTo(1);
        assertThat(d.bins().get(9)).isEqualTo(1); // the maximum falls in the last bin
        assertThat(d.bins().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }
}
