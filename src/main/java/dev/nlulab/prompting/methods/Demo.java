package dev.nlulab.prompting.methods;

/**
 * One worked demonstration: a question, the reasoning shown for it and the answer it ends with, and where
 * it came from (a pool question's id, or a fixed demonstration's). Demonstrations built from Zero-Shot-CoT
 * carry the model's predicted answer, never a gold one.
 */
public record Demo(String question, String rationale, String answer, String source) {
}
