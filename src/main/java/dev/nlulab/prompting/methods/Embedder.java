package dev.nlulab.prompting.methods;

import java.util.List;

/** Texts to unit vectors ({@code SentenceEncoder::embed}: all-MiniLM-L6-v2, as Meta-CoT and Auto-CoT use). */
@FunctionalInterface
public interface Embedder {
    List<float[]> embed(List<String> texts);
}
