package dev.nlulab.course;

import java.util.List;

/** The live demos a lesson may embed (dev.nlulab.demos serves each one); the page gets a box that the demo's script fills. */
public final class DemoRegistry {
    /** In the order the course meets them. */
    public static final List<String> NAMES = List.of(
            "tokenizer", "embedding-similarity", "attention", "bm25",
            "generate", "quantize", "lora-rank", "cot");

    private DemoRegistry() {}

    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
