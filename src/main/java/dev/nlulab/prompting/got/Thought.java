package dev.nlulab.prompting.got;

import dev.nlulab.prompting.LlmCall;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thought of a Graph of Thoughts: a state (named strings, e.g. the list so far), a score once a Score
 * operation has given one, whether it solved the problem once compared with the ground truth, and the LLM call
 * that produced it (null for thoughts made without the LLM). Immutable: operations make new thoughts.
 */
public record Thought(Map<String, String> state, Double score, Boolean solved, LlmCall call) {
    public Thought {
        state = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    public static Thought of(Map<String, String> state) {
        return new Thought(state, null, null, null);
    }

    public String get(String key) {
        return state.getOrDefault(key, "");
    }

    public boolean scored() {
        return score != null;
    }

    public Thought withScore(double s) {
        return new Thought(state, s, solved, call);
    }

    public Thought withSolved(boolean s) {
        return new Thought(state, score, s, call);
    }

    /** This state with {@code update} laid over it (the reference merges a parsed answer into the state it came from); the score is dropped. */
    public Thought updated(Map<String, String> update, LlmCall by) {
        Map<String, String> s = new LinkedHashMap<>(state);
        s.putAll(update);
        return new Thought(s, null, null, by);
    }
}
