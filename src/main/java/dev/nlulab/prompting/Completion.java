package dev.nlulab.prompting;

/**
 * What a backend wrote for one prompt: the text (cut before a stop string), the tokens the prompt took
 * and the new tokens, why it stopped, and how long the request took, queueing included.
 */
public record Completion(String text, int promptTokens, int completionTokens, FinishReason finishReason, long millis) {
}
