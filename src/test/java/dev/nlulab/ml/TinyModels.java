package dev.nlulab.ml;

/** Small random models for fast tests. */
final class TinyModels {
    static {
        // Tiny models are bound by per-op overhead, and on a shared 2-core machine two OpenMP threads
        // spin against each other (10x slower here). Takes effect when the engine starts in this JVM.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
    }

    private TinyModels() {
    }

    /** Touching this class before the engine starts makes the tests single-threaded. */
    static void init() {
    }

    /** d 16, 2 layers, 4 query heads sharing 2 key/value heads, ffn 24, vocab 13, untied head. */
    static LlamaConfig config() {
        return LlamaConfig.of(16, 24, 2, 4, 2, 13, 64, false);
    }

    static LlamaConfig tied() {
        return LlamaConfig.of(16, 24, 2, 4, 2, 13, 64, true);
    }
}
