package dev.nlulab.prompting.methods;

import dev.nlulab.tasks.AnswerForm;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.Scenario;

/**
 * The words after which a model states its answer, per answer form, as Kojima et al. wrote them: Zero-Shot
 * ends its prompt with them, Zero-Shot-CoT's second stage appends them to the reasoning.
 */
public final class AnswerPrompts {
    /** Which Zero-Shot ending: the one the course model was trained on, or the reference's per form. */
    public enum Ending { COURSE, REFERENCE }

    private AnswerPrompts() {
    }

    /** Zero-Shot's ending: "The answer is" (course), or "The answer (arabic numerals) is" etc. (reference). */
    public static String zeroShot(Scenario scenario, Ending ending) {
        if (ending == Ending.COURSE) return PromptFormats.ANSWER_TRIGGER;
        String stage2 = extraction(scenario).substring("\nTherefore, ".length());
        return Character.toUpperCase(stage2.charAt(0)) + stage2.substring(1);
    }

    /** Zero-Shot-CoT's second stage, with its leading newline: "\nTherefore, the answer (arabic numerals) is" etc. */
    public static String extraction(Scenario scenario) {
        if (scenario.form() == AnswerForm.MULTIPLE_CHOICE) return "\nTherefore, among A through E, the answer is";
        if (scenario.form() == AnswerForm.YES_NO) return "\nTherefore, the answer (Yes or No) is";
        if (scenario.numericAnswer()) return "\nTherefore, the answer (arabic numerals) is";
        return "\nTherefore, the answer is";
    }
}
