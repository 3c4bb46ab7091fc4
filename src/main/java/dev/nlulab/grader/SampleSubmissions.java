package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Graded submissions with made-up scores, stored as grading stores them: a class's leaderboard for
 * benchmarks ({@code nlulab bench web}) without a predictions file per student. Never used by the server.
 */
public final class SampleSubmissions {
    private SampleSubmissions() {}

    /** {@code perStudent} graded submissions of each student to the exercise, on time, a few minutes apart; returns how many. */
    public static int write(SubmissionService submissions, Lab lab, Exercise ex, List<Long> students, int perStudent, long seed) {
        Random random = new Random(seed);
        Instant start = lab.deadline().minusSeconds(86_400L * 3);
        int n = 0;
        for (long student : students) {
            for (int k = 0; k < perStudent; k++) {
                Instant at = start.plusSeconds(60L * (n % 2000));
                long id = submissions.store().insertPending(student, lab.id(), ex.id(), ex.kind().name().toLowerCase(Locale.ROOT), null, at, false);
                Map<String, Score> reported = new LinkedHashMap<>();
                for (String metric : ex.alsoReport()) reported.put(metric, score(random));
                submissions.store().setResult(id, SubmissionStatus.GRADED, score(random), reported, at.plusSeconds(5), null);
                n++;
            }
        }
        return n;
    }

    private static Score score(Random random) {
        double pub = random.nextDouble(), priv = random.nextDouble();
        return new Score(pub, priv, (pub + priv) / 2);
    }
}
