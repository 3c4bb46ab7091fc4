package dev.nlulab.encoder;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The reference values in {@code src/test/resources/encoder/reference.json}, computed by transformers.js
 * (its own tokenizer, ONNX Runtime for Node, its own pooling); see the README beside it.
 */
record Reference(String generator, String model, List<Sentence> sentences, List<Pair> pairs, List<BankToken> bank,
                 List<Pair> bankPairs) {

    record Sentence(String text, List<String> tokens, long[] ids, float[] embedding) {
    }

    /** Indices into {@link #sentences} (or {@link #bank}) and the cosine similarity of the two. */
    record Pair(int a, int b, double cosine) {
    }

    /** The contextual vector of the token "bank" at index {@code token} of {@code text}. */
    record BankToken(String text, int token, float[] vector) {
    }

    static Reference load() {
        try (InputStream in = Reference.class.getResourceAsStream("/encoder/reference.json")) {
            return new ObjectMapper().readValue(in, Reference.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> texts() {
        return sentences.stream().map(Sentence::text).toList();
    }
}
