package dev.nlulab.ml;

/** Small random models for fast tests. */
final class TinyModels {
    private TinyModels() {
    }

    /** d 16, 2 layers, 4 query heads sharing 2 key/value heads, ffn 24, vocab 13, untied head. */
    static LlamaConfig config() {
        return LlamaConfig.of(16, 24, 2, 4, 2, 13, 64, false);
    }

    static LlamaConfig tied() {
        return LlamaConfig.of(16, 24, 2, 4, 2, 13, 64, true);
    }
}
