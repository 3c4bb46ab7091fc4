package dev.nlulab.tasks;

import java.util.List;

/**
 * The prompt formats the baselines and Meta-CoT use, in Meta-CoT's demonstration format
 * "Q: ...\nA: <rationale> The answer is X.".
 */
public final class PromptFormats {
    public static final String ANSWER_TRIGGER = "The answer is";
    public static final String COT_TRIGGER = "Let's think step by step.";
    /** Between demonstrations and before the question. */
    public static final String DEMO_SEPARATOR = "\n\n";

    private PromptFormats() {
    }

    /** "Q: <question>\nA:" — the start every format shares. */
    public static String question(TaskItem item) {
        return "Q: " + item.fullQuestion() + "\nA:";
    }

    /** Zero-shot: the model continues with the answer directly. */
    public static String zeroShot(TaskItem item) {
        return question(item) + " " + ANSWER_TRIGGER;
    }

    /** Zero-shot-CoT (Kojima et al.): the model continues with its reasoning. */
    public static String zeroShotCot(TaskItem item) {
        return question(item) + " " + COT_TRIGGER;
    }

    /** One demonstration: "Q: ...\nA: <rationale> The answer is X." */
    public static String demonstration(TaskItem demo) {
        return question(demo) + " " + demo.solution();
    }

    /**
     * Few-shot-CoT: the demonstrations (of the same scenario or of others, the caller chooses), each
     * followed by a blank line, then the question and "A:" for the model to continue.
     */
    public static String fewShotCot(List<TaskItem> demos, TaskItem item) {
        StringBuilder sb = new StringBuilder();
        for (TaskItem demo : demos) sb.append(demonstration(demo)).append(DEMO_SEPARATOR);
        return sb.append(question(item)).toString();
    }

    /** Few-shot-CoT ending with the Zero-Shot-CoT trigger, as Meta-CoT's answer derivation does. */
    public static String fewShotCotWithTrigger(List<TaskItem> demos, TaskItem item) {
        return fewShotCot(demos, item) + " " + COT_TRIGGER;
    }

    /** Training: zero-shot-CoT prompt, answer " <rationale> The answer is X." */
    public static TextExample cotExample(TaskItem item) {
        return new TextExample(item.id(), item.family(), zeroShotCot(item), " " + item.solution());
    }

    /** Training: the item as Meta-CoT's demonstration, "A:" then the worked solution. */
    public static TextExample demonstrationExample(TaskItem item) {
        return new TextExample(item.id(), item.family(), question(item), " " + item.solution());
    }

    /** Training: zero-shot prompt, answer " X." (no rationale). */
    public static TextExample directExample(TaskItem item) {
        return new TextExample(item.id(), item.family(), zeroShot(item), " " + item.answer() + ".");
    }

    /** Training: few-shot prompt with the given demonstrations, answer the worked solution. */
    public static TextExample fewShotExample(List<TaskItem> demos, TaskItem item) {
        return new TextExample(item.id(), item.family(), fewShotCot(demos, item), " " + item.solution());
    }
}
