package dev.nlulab.prompting;

import java.util.List;
import java.util.OptionalLong;

/**
 * One prompt to continue: at most {@code maxTokens} new tokens, greedy at temperature 0 (else sampled
 * from the nucleus of probability {@code topP}, reproducibly when a seed is given), cut at the first
 * stop string.
 */
public record CompletionRequest(String prompt, int maxTokens, double temperature, double topP, OptionalLong seed,
                                List<String> stop) {
    public CompletionRequest {
        if (prompt == null || prompt.isEmpty()) throw new IllegalArgumentException("the prompt is empty");
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        if (seed == null) seed = OptionalLong.empty();
        stop = List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("a stop string is empty");
    }

    public CompletionRequest(String prompt, int maxTokens, double temperature, List<String> stop) {
        this(prompt, maxTokens, temperature, 1, OptionalLong.empty(), stop);
    }

    public static CompletionRequest greedy(String prompt, int maxTokens) {
        return new CompletionRequest(prompt, maxTokens, 0, List.of());
    }

    public CompletionRequest withSeed(long seed) {
        return new CompletionRequest(prompt, maxTokens, temperature, topP, OptionalLong.of(seed), stop);
    }

    public CompletionRequest withStop(List<String> stop) {
        return new CompletionRequest(prompt, maxTokens, temperature, topP, seed, stop);
    }

    public CompletionRequest withPrompt(String prompt) {
        return new CompletionRequest(prompt, maxTokens, temperature, topP, seed, stop);
    }
}
