package dev.nlulab.ml;

/** What the model wrote for one prompt: new token ids, their text, and why it stopped ("eos", "stop", "length"). */
public record Generation(long[] tokens, String text, String finishReason) {
}
