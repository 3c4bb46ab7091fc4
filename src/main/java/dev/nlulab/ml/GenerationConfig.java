package dev.nlulab.ml;

import java.util.List;

/**
 * How to continue a prompt. temperature 0 is greedy; otherwise tokens are sampled from
 * softmax(logits / temperature) restricted to the smallest set whose probability reaches topP.
 */
public record GenerationConfig(int maxNewTokens, double temperature, double topP, long seed,
                               List<String> stopStrings, boolean useCache) {
    public GenerationConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        stopStrings = List.copyOf(stopStrings);
    }

    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0, 1, 0, List.of(), true);
    }

    public GenerationConfig withCache(boolean cache) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopStrings, cache);
    }

    public GenerationConfig withStops(List<String> stops) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stops, useCache);
    }

    public GenerationConfig withSampling(double temperature, double topP, long seed) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopStrings, useCache);
    }
}
