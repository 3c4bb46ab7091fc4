package dev.nlulab.prompting.methods;

/**
 * A pool question with what Zero-Shot-CoT wrote for it: the rationale (the reasoning without its closing
 * "The answer is X.") and the answer extracted from it. Never a gold answer.
 */
public record Candidate(String id, String question, String rationale, String answer) {
}
