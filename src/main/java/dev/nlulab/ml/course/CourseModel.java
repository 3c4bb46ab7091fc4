package dev.nlulab.ml.course;

import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the course model lives and what shape it has (PretrainCommand builds it): d 256, 4 layers of
 * 4 heads, SwiGLU 640 (a multiple of 128, so QA-LoRA's group sizes 32/64/128 divide down_proj's
 * input), tied embeddings: 4.07M parameters with a 4,096-token vocabulary, the size NOTES.md found
 * learns the suite on two CPU cores.
 */
public final class CourseModel {
    public static final Path DEFAULT_DIR = Path.of("models", "course-model");
    public static final Path DEFAULT_DATA = Path.of("data", "course-data");
    /** The files a loadable model folder holds (the weights may instead be shards named by an index). */
    public static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json");
    public static final int HIDDEN = 256, INTERMEDIATE = 640, LAYERS = 4, HEADS = 4, MAX_POSITIONS = 1024;

    private CourseModel() {
    }

    /** The course model's shape with a vocabulary of {@code vocabSize} tokens. */
    public static LlamaConfig config(int vocabSize) {
        return LlamaConfig.of(HIDDEN, INTERMEDIATE, LAYERS, HEADS, HEADS, vocabSize, MAX_POSITIONS, true);
    }

    /** Why the folder is not a usable model (the message to show), or empty when it is. */
    public static Optional<String> problem(Path dir) {
        for (String file : FILES) {
            boolean sharded = file.equals("model.safetensors") && Files.isRegularFile(dir.resolve(Safetensors.INDEX_FILE));
            if (!sharded && !Files.isRegularFile(dir.resolve(file))) {
                return Optional.of("no course model at " + dir + " (" + file + " is missing): run bin/course-data then "
                        + "bin/nlulab model pretrain --out " + dir);
            }
        }
        return Optional.empty();
    }

    /** Throws {@link Missing} with {@link #problem}'s message unless the folder holds a model. */
    public static void require(Path dir) {
        Optional<String> problem = problem(dir);
        if (problem.isPresent()) throw new Missing(problem.get());
    }

    /** The course model has not been built yet: a state to report, not a crash. */
    public static final class Missing extends IllegalStateException {
        public Missing(String message) {
            super(message);
        }
    }
}
