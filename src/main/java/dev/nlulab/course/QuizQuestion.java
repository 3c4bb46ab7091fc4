package dev.nlulab.course;

import java.util.List;

/**
 * One quiz question of a lesson, with its answer key. The prompt, options and explanation are kept
 * as rendered HTML; the key (correctOptions, number/tolerance, accepted) never reaches the lesson page.
 *
 * @param correctOptions single: one index; multiple: the exact set of indices; else empty
 * @param number         numeric: the expected value (absolute {@code tolerance} either side)
 * @param accepted       text: the accepted answers, compared after {@link QuizGrader#normalize}
 * @param line           1-based line of the question in the lesson file
 * @param position       1-based place of the question in its lesson: students know it as "Question 2"
 */
public record QuizQuestion(String id, Type type, String promptHtml, List<String> optionsHtml,
                           List<Integer> correctOptions, double number, double tolerance,
                           List<String> accepted, String explanationHtml, int line, int position) {
    public enum Type { SINGLE, MULTIPLE, NUMERIC, TEXT }

    /** How pages and messages name the question; its id is the author's, not the student's. */
    public String label() {
        return "Question " + position;
    }
}
