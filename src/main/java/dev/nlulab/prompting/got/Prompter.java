package dev.nlulab.prompting.got;

import java.util.List;
import java.util.Map;

/** The task's prompts for the operations that ask the LLM (Graph of Thoughts' Prompter). */
public interface Prompter {
    /** Generate's prompt for one thought's state. */
    String generatePrompt(Map<String, String> state);

    /** Aggregate's one prompt over all the thoughts it merges. */
    String aggregationPrompt(List<Map<String, String>> states);

    /** Improve's prompt for one thought's state. */
    String improvePrompt(Map<String, String> state);
}
