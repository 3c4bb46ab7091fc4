package dev.nlulab.prompting;

/**
 * What a backend wrote: the text, how many tokens, why it stopped ("eos", "stop" or "length") and how
 * long the request took, queueing included.
 */
public record Completion(String text, int tokens, String finishReason, long millis) {
}
