package dev.nlulab.encoder;

/**
 * The contextual vector of every token of a text: the model's last hidden state, before pooling and
 * normalization. The same word gets a different vector in a different context ("bank" of a river and
 * of money).
 *
 * @param vectors one vector of {@link SentenceEncoder#DIMENSION} floats per token of {@code text} // (L, 384)
 */
public record TokenVectors(TokenizedText text, float[][] vectors) {
    public TokenVectors {
        if (vectors.length != text.length()) throw new IllegalArgumentException(vectors.length + " vectors for " + text.length() + " tokens");
    }
}
