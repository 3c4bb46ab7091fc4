package dev.nlulab.labs;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab as its {@code labs/<id>/lab.yaml} describes it. Times are instants; {@code zone} is the
 * course's time zone, in which daily submission limits reset at midnight. Submissions after
 * {@code deadline} and before {@code closes} are late; after {@code closes} none are taken.
 * {@code keys} maps exercise ids to key files under {@code grader/<id>/}: never served.
 */
public record Lab(String id, String title, String module, String summary, Instant opens, Instant deadline,
                  Instant closes, ZoneId zone, LatePolicy late, boolean pseudonyms, List<Exercise> exercises,
                  Path dir, Map<String, Path> keys) {

    /** What a late submission gets: scored but left off the leaderboards, or scored with a penalty. */
    public record LatePolicy(Kind kind, double penalty) {
        public enum Kind { UNRANKED, PENALTY }

        public static final LatePolicy UNRANKED = new LatePolicy(Kind.UNRANKED, 0);

        /** The score that counts for a late submission. */
        public double apply(double score) {
            return kind == Kind.PENALTY ? score * (1 - penalty) : score;
        }

        /** The rule in words, as the lab page states it. */
        public String rule() {
            return kind == Kind.PENALTY
                    ? "late submissions are scored with a " + Math.round(penalty * 100) + "% penalty"
                    : "late submissions are scored but left off the leaderboards";
        }
    }

    public Lab {
        exercises = List.copyOf(exercises);
        keys = Map.copyOf(keys);
    }

    public Optional<Exercise> exercise(String exerciseId) {
        return exercises.stream().filter(e -> e.id().equals(exerciseId)).findFirst();
    }

    public Path readme() { return dir.resolve("README.md"); }

    public Path dataDir() { return dir.resolve("data"); }

    /** A short Python script that reads the public data and writes a valid predictions file (optional). */
    public Path starterScript() { return dir.resolve("starter.py"); }
}
