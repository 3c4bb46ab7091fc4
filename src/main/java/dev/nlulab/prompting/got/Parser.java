package dev.nlulab.prompting.got;

import java.util.List;
import java.util.Map;

/** Reads the LLM's text back into thought states (Graph of Thoughts' Parser); what it cannot read it marks, never throws. */
public interface Parser {
    /** Generate: the state updates one response holds (usually one). */
    List<Map<String, String>> parseGenerate(Map<String, String> state, String text);

    /** Aggregate: the merged state one response holds, given the states merged. */
    Map<String, String> parseAggregation(List<Map<String, String>> states, String text);

    /** Improve: the update to the state. */
    Map<String, String> parseImprove(Map<String, String> state, String text);
}
