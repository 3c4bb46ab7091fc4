package dev.nlulab.prompting.methods;

import java.util.List;

/** A way of prompting an LLM for answers: Zero-Shot, Zero-Shot-CoT, Few-Shot-CoT, Auto-CoT, Meta-CoT. */
public interface PromptingMethod {
    /** The method's name as reports and job specs write it, e.g. "meta-cot". */
    String name();

    /** Answers every question, in their order; batched over the questions at each stage. */
    List<Answer> answer(List<Question> questions);
}
