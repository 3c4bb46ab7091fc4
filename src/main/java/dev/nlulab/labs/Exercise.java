package dev.nlulab.labs;

import java.util.List;

/**
 * One graded part of a lab. A {@code predictions} exercise takes an uploaded file; a {@code job}
 * exercise takes a form (its {@code parameters}) that becomes a job of {@code jobKind}, whose
 * predictions the grader scores the same way. {@code writeup}: whether a submission comes with a short
 * Markdown description of the method; {@code baselines}: reference systems shown on the leaderboard.
 */
public record Exercise(String id, String title, Kind kind, String jobKind, ParameterSchema parameters,
                       String metric, List<String> alsoReport, double points, int dailyLimit, int totalLimit,
                       double publicFraction, FinalSelection finalSelection, Writeup writeup, List<Baseline> baselines) {
    public enum Kind { PREDICTIONS, JOB }

    /** Whether a submission takes a write-up: none (no field), optional, or required (a submission without one is not taken). */
    public enum Writeup {
        NONE, OPTIONAL, REQUIRED;

        public boolean asked() { return this != NONE; }

        public boolean required() { return this == REQUIRED; }
    }

    /** Which of a student's submissions counts at the end. */
    public enum FinalSelection {
        BEST_PUBLIC("best-public"), CHOSEN("chosen"), LAST("last");

        private final String word;

        FinalSelection(String word) { this.word = word; }

        public String word() { return word; }

        public static FinalSelection of(String word) {
            for (FinalSelection f : values()) if (f.word.equals(word)) return f;
            throw new IllegalArgumentException("final must be best-public, chosen or last, was '" + word + "'");
        }
    }

    public Exercise {
        alsoReport = List.copyOf(alsoReport);
        baselines = List.copyOf(baselines);
    }
}
