package dev.nlulab.ml;

import java.util.List;

/**
 * How to continue a prompt. temperature 0 is greedy; otherwise tokens are sampled from
 * softmax(logits / temperature) restricted to the smallest set whose probability reaches topP.
 * keepLogits hands back the logits each new token was chosen from ({@link Generation#stepLogits}).
 */
public record GenerationConfig(int maxNewTokens, double temperature, double topP, long seed,
                               List<String> stopStrings, boolean useCache, boolean keepLogits) {
    public GenerationConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        stopStrings = List.copyOf(stopStrings);
    }

    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0, 1, 0, List.of(), true, false);
    }

    public GenerationConfig withCache(boolean cache) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopStrings, cache, keepLogits);
    }

    public GenerationConfig withStops(List<String> stops) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stops, useCache, keepLogits);
    }

    public GenerationConfig withSampling(double temperature, double topP, long seed) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopStrings, useCache, keepLogits);
    }

    public GenerationConfig withLogits(boolean keep) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopStrings, useCache, keep);
    }
}
