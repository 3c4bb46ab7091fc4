package dev.nlulab.labs.qalora;

import dev.nlulab.labs.qalora.FineTuneSpec.AnswerFormat;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.Scenario;
import dev.nlulab.tasks.TaskItem;

import java.util.List;
import java.util.Locale;

/**
 * What the lab's model reads and writes, in the course's prompt format: "Q: question\nA:", and the
 * answer " The answer is X." (direct), or "... A: Let's think step by step." and the family's
 * rationale before it (cot). A prediction is the text after "The answer is", in lower case with
 * single spaces and no final period: exactly the form of the key's answers.
 */
public final class Prompts {
    /** Where a completion ends: a new question or a blank line (eos ends it too). */
    public static final List<String> STOPS = List.of("\nQ:", "\n\n");

    private Prompts() {}

    public static String prompt(AnswerFormat format, String question) {
        String q = "Q: " + question + "\nA:";
        return format == AnswerFormat.COT ? q + " " + PromptFormats.COT_TRIGGER : q;
    }

    /** The text the model is trained to write after the prompt. */
    public static String answer(AnswerFormat format, TaskItem item) {
        return format == AnswerFormat.COT ? " " + item.solution() : " " + PromptFormats.ANSWER_TRIGGER + " " + item.answer() + ".";
    }

    public static TrainingExample example(Tokenizer tokenizer, AnswerFormat format, TaskItem item) {
        return TrainingExample.of(tokenizer, prompt(format, item.question()), answer(format, item));
    }

    /** Enough new tokens for the longest answer of the lab's families. */
    public static int maxNewTokens(AnswerFormat format) {
        return format == AnswerFormat.COT ? 64 : 24;
    }

    /** The answer a completion gives, normalized like the key; "" when it gives none. */
    public static String read(String completion) {
        String a = AnswerExtractor.extract(Scenario.SYMBOLIC_SHORT, completion);
        return a.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[.\\s]+$", "").strip();
    }
}
