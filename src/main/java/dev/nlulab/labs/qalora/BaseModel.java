package dev.nlulab.labs.qalora;

import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.Safetensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The model a fine-tuning job starts from, named in its spec: a folder under the course's
 * {@code models/} (the course model by default; an instructor adds any Hugging Face Llama-family
 * folder, or a link to one, and names it in lab.yaml). A name is a folder name, never a path.
 */
public record BaseModel(String name, Path dir, LlamaConfig config) {
    public static final String DEFAULT = "course-model";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * The course's models folder, seen from a lab's public data folder: the course layout puts labs at
     * {@code <course>/labs/<lab>/data} and models at {@code <course>/models}.
     */
    public static Path modelsDir(Path labDataDir) {
        return labDataDir.toAbsolutePath().normalize().getParent().getParent().getParent().resolve("models");
    }

    /** The named base with its shape, or an exception whose message says what is wrong with it. */
    public static BaseModel open(String name, Path labDataDir) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("must be the name of a model folder under models/, e.g. " + DEFAULT + ", was '" + name + "'");
        }
        if (labDataDir == null) throw new IllegalArgumentException("no lab data folder was given, so models/ cannot be found");
        Path dir = modelsDir(labDataDir).resolve(name);
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("there is no model folder models/" + name);
        if (!Files.isRegularFile(dir.resolve("config.json"))) throw new IllegalArgumentException("models/" + name + " has no config.json");
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) throw new IllegalArgumentException("models/" + name + " has no tokenizer.json");
        if (!Files.isRegularFile(dir.resolve(Safetensors.SINGLE_FILE)) && !Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            throw new IllegalArgumentException("models/" + name + " has no model.safetensors");
        }
        LlamaConfig config;
        try {
            config = LlamaConfig.read(dir.resolve("config.json"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("models/" + name + "/config.json is not a Llama config: " + e.getMessage(), e);
        }
        return new BaseModel(name, dir, config);
    }
}
