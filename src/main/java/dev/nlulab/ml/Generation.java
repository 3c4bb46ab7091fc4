package dev.nlulab.ml;

/**
 * What the model wrote for one prompt: new token ids, their text, and why it stopped ("eos", "stop",
 * "length"); with {@link GenerationConfig#keepLogits}, stepLogits[k] is the vocabulary's logits that
 * chose tokens[k] (else null).
 */
public record Generation(long[] tokens, String text, String finishReason, float[][] stepLogits) {
    public Generation(long[] tokens, String text, String finishReason) {
        this(tokens, text, finishReason, null);
    }
}
