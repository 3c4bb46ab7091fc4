package dev.nlulab.course;

import java.util.List;

/** The live demos a lesson may embed; the page gets a placeholder that the demo's script fills. */
public final class DemoRegistry {
    /** In the order the course meets them. */
    public static final List<String> NAMES = List.of(
            "tokenizer", "next-token", "attention", "embedding-similarity", "bm25",
            "generate", "quantize", "lora-rank", "cot");

    private DemoRegistry() {}

    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
