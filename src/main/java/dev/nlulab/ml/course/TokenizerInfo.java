package dev.nlulab.ml.course;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What a model config needs from a {@code tokenizer.json}: the vocabulary size and the bos/eos ids. */
public record TokenizerInfo(int vocabSize, int bos, int eos) {
    public static TokenizerInfo read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode vocab = root.path("model").path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) throw new IllegalArgumentException(file + ": no model.vocab");
        int max = -1;
        for (JsonNode id : vocab) max = Math.max(max, id.asInt());
        for (JsonNode added : root.path("added_tokens")) max = Math.max(max, added.path("id").asInt());
        return new TokenizerInfo(max + 1, id(vocab, "<s>", file), id(vocab, "</s>", file));
    }

    private static int id(JsonNode vocab, String token, Path file) {
        if (!vocab.has(token)) throw new IllegalArgumentException(file + ": the vocabulary has no " + token + " token");
        return vocab.get(token).asInt();
    }
}
