package dev.nlulab.grader;

import dev.nlulab.identity.User;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.util.List;

/**
 * A lab's gradebook: one row per student on the roster (those who never submitted too), one cell per exercise.
 * Instructors only: it holds private scores and write-ups.
 */
public record Gradebook(Lab lab, List<Row> rows) {

    /** A student's cells, in the lab's exercise order, and the points of all of them. */
    public record Row(User student, List<Cell> cells, double totalPoints) {}

    /**
     * One exercise of one student. {@code score} and {@code points} are null when nothing was graded;
     * {@code attempts}: graded submissions; {@code finalId} the final submission, {@code writeup} the Markdown
     * that came with it (null for none).
     */
    public record Cell(Exercise exercise, Double score, Double points, boolean late, int attempts, Long finalId, String writeup) {
        public boolean submitted() { return score != null; }
    }

    public List<Exercise> exercises() { return lab.exercises(); }
}
