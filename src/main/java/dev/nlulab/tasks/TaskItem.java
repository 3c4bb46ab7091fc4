package dev.nlulab.tasks;

import java.util.List;

/**
 * One question of a task family with its step-by-step rationale and gold answer.
 *
 * @param id        stable id within an export, e.g. "addsub-test-00017" (empty while unsplit)
 * @param family    the family id, e.g. "addsub"
 * @param scenario  Meta-CoT's <category, form>
 * @param question  the question text without the answer choices
 * @param options   answer choices A-E for multiple choice, else empty
 * @param rationale short sentences, each ending with '.', without the final "The answer is X."
 * @param answer    the gold answer: a number, a letter A-E, "yes"/"no" or a short text
 */
public record TaskItem(String id, String family, Scenario scenario, String question, List<String> options,
                       String rationale, String answer) {
    public static final List<String> LETTERS = List.of("A", "B", "C", "D", "E");

    public TaskItem {
        options = List.copyOf(options);
        if (scenario.form() == AnswerForm.MULTIPLE_CHOICE && options.size() != LETTERS.size()) {
            throw new IllegalArgumentException(family + ": multiple choice needs 5 options, got " + options.size());
        }
        if (!rationale.endsWith(".")) {
            throw new IllegalArgumentException(family + ": rationale must end with '.': " + rationale);
        }
    }

    public TaskItem withId(String newId) {
        return new TaskItem(newId, family, scenario, question, options, rationale, answer);
    }

    /** The question as a model sees it: multiple choice appends "Answer Choices: (A) ... (E) ...". */
    public String fullQuestion() {
        if (options.isEmpty()) return question;
        StringBuilder sb = new StringBuilder(question).append(" Answer Choices:");
        for (int i = 0; i < options.size(); i++) {
            sb.append(" (").append(LETTERS.get(i)).append(") ").append(options.get(i));
        }
        return sb.toString();
    }

    /** Meta-CoT's demonstration answer: "<rationale> The answer is X." */
    public String solution() {
        return rationale + " The answer is " + answer + ".";
    }

    /**
     * The normalized text that decides whether two items are the same question (for split hygiene):
     * lower case, punctuation dropped, and the choices as a set, so reordering choices makes no new item.
     */
    public String dedupeKey() {
        List<String> choices = options.stream().map(TaskItem::normalize).sorted().toList();
        return normalize(question) + (choices.isEmpty() ? "" : " | " + String.join(" | ", choices));
    }

    static String normalize(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }
}
