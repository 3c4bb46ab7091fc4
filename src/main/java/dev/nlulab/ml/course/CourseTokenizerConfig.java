package dev.nlulab.ml.course;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The course model's {@code tokenizer_config.json}, as Hugging Face tokenizers carry it: the special
 * tokens, the context length, and the chat template (the Jinja text of {@code chat_template.jinja} beside
 * this class: "Q: ... A: ..." turns, the format the model was trained on). Written with the model by
 * {@code model pretrain}; the /v1 chat API and any Hugging Face tool read the template from it.
 */
public final class CourseTokenizerConfig {
    public static final String FILE = "tokenizer_config.json";

    private CourseTokenizerConfig() {
    }

    /** The course model's chat template (Jinja). */
    public static String chatTemplate() {
        try (InputStream in = CourseTokenizerConfig.class.getResourceAsStream("chat_template.jinja")) {
            if (in == null) throw new IllegalStateException("chat_template.jinja is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes tokenizer_config.json into the model folder; returns its path. */
    public static Path write(Path modelDir, int maxPositions) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode config = json.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("bos_token", "<s>");
        config.put("eos_token", "</s>");
        config.put("pad_token", "<pad>");
        config.put("unk_token", "<unk>");
        config.put("model_max_length", maxPositions);
        config.put("clean_up_tokenization_spaces", false);
        config.put("chat_template", chatTemplate());
        Path file = modelDir.resolve(FILE);
        try {
            Files.writeString(file, json.writeValueAsString(config) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
