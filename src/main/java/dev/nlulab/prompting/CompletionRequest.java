package dev.nlulab.prompting;

import java.util.List;

/** One prompt to continue: at most {@code maxTokens} new tokens, greedy at temperature 0, cut at the first stop string. */
public record CompletionRequest(String prompt, int maxTokens, double temperature, List<String> stop) {
    public CompletionRequest {
        if (prompt == null || prompt.isEmpty()) throw new IllegalArgumentException("the prompt is empty");
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        stop = List.copyOf(stop);
    }

    public static CompletionRequest greedy(String prompt, int maxTokens) {
        return new CompletionRequest(prompt, maxTokens, 0, List.of());
    }
}
