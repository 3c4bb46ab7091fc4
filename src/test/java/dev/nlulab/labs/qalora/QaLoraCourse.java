package dev.nlulab.labs.qalora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Safetensors;
import dev.nlulab.ml.TinyModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A temporary course holding the QA-LoRA lab in small: the first items of each family of the shipped
 * lab's data (so questions and answers are the real ones), its hidden key for those test items, and a
 * tiny base model {@code models/tiny} (d 32, ffn 64, 2 layers) with the course model's tokenizer, so a
 * job trains, merges and answers in seconds. lab.yaml names the tiny base and a small step budget.
 */
public final class QaLoraCourse {
    public static final String BASE = "tiny";
    public static final int TRAIN = 48, DEV = 8, TEST = 10; // per family
    private static final Path SHIPPED = Path.of("labs/qalora/data").toAbsolutePath();

    public final Path course;

    public QaLoraCourse() {
        TinyModels.init();
        try {
            course = Files.createTempDirectory("nlulab-qalora-course");
            Files.createSymbolicLink(course.resolve("static"), Path.of("static").toAbsolutePath());
            Path lab = Files.createDirectories(course.resolve("labs/qalora/data"));
            copyFirst("train.jsonl", TRAIN, lab);
            copyFirst("dev.jsonl", DEV, lab);
            List<String> test = copyFirst("test.jsonl", TEST, lab);
            Set<String> ids = new HashSet<>();
            for (String line : test) ids.add(line.substring(line.indexOf("\"id\":\"") + 6, line.indexOf("\",")));
            Path grader = Files.createDirectories(course.resolve("grader/qalora"));
            List<String> key = Files.readAllLines(Path.of("grader/qalora/test-key.jsonl").toAbsolutePath()).stream()
                    .filter(l -> ids.stream().anyMatch(id -> l.contains("\"" + id + "\""))).toList();
            Files.writeString(grader.resolve("test-key.jsonl"), String.join("\n", key) + "\n");
            Files.writeString(grader.resolve("grading.yaml"), "exercises:\n  compete:\n    key: test-key.jsonl\n  study:\n    key: study-key.jsonl\n");
            Files.copy(Path.of("grader/qalora/study-key.jsonl").toAbsolutePath(), grader.resolve("study-key.jsonl"));
            Files.writeString(course.resolve("labs/qalora/README.md"), "# Lab: QA-LoRA (tiny)\n\nFine-tune a tiny quantized model.\n");
            Files.writeString(course.resolve("labs/qalora/lab.yaml"), LAB_YAML);
            writeTinyBase(Files.createDirectories(course.resolve("models").resolve(BASE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDir() {
        return course.resolve("labs/qalora/data");
    }

    /**
     * The tiny base: random weights (seed 3) in the course model's vocabulary, groupable by 8, 16 and 32.
     * The tied embedding is drawn 25 times wider than the N(0, 0.02) of a fresh model, as a trained one's
     * is: with rows of norm 0.1 against a unit-RMS hidden state no logit could exceed ~0.6, and no adapter
     * could lower the loss much below ln 4096.
     */
    public static void writeTinyBase(Path dir) throws IOException {
        Path tokenizer = Path.of("models/course-model/tokenizer.json").toAbsolutePath();
        Files.copy(tokenizer, dir.resolve("tokenizer.json"));
        LlamaConfig config = LlamaConfig.of(32, 64, 2, 4, 2, 4096, 256, true).withSpecialTokens(0, 1);
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = LlamaModel.random(config, 3, root)) {
            model.save(dir);
            Path weights = dir.resolve(Safetensors.SINGLE_FILE);
            java.util.Map<String, NDArray> tensors = new java.util.LinkedHashMap<>(Safetensors.read(weights, root));
            tensors.computeIfPresent("model.embed_tokens.weight", (k, w) -> w.mul(root.create(25f)));
            Safetensors.write(weights, tensors, DataType.FLOAT32);
        }
    }

    /** The first {@code perFamily} lines of each family of a shipped data file, written into {@code lab}. */
    private static List<String> copyFirst(String file, int perFamily, Path lab) throws IOException {
        List<String> lines = Files.readAllLines(SHIPPED.resolve(file), StandardCharsets.UTF_8);
        List<String> out = new java.util.ArrayList<>();
        for (String family : LabData.FAMILIES) {
            Predicate<String> of = l -> l.contains("\"family\":\"" + family + "\"");
            lines.stream().filter(of).limit(perFamily).forEach(out::add);
        }
        Files.writeString(lab.resolve(file), String.join("\n", out) + "\n", StandardCharsets.UTF_8);
        return out;
    }

    static final String LAB_YAML = """
            title: "QA-LoRA (tiny)"
            module: fine-tuning
            summary: The QA-LoRA lab on a tiny base, for the tests.
            opens: 2026-01-01
            deadline: 2030-12-21T23:59
            timezone: Europe/Berlin
            leaderboard: {pseudonyms: false}
            exercises:
              - id: compete
                title: The merged model at 4 bits or fewer
                kind: job
                job:
                  kind: qalora-finetune
                  parameters:
                    base: {type: enum, values: [tiny], default: tiny, description: "the base model"}
                    method: {type: enum, values: [qalora, qlora], default: qalora, description: "the method"}
                    bits: {type: int, min: 2, max: 4, default: 4, description: "bits"}
                    group_size: {type: int, min: 8, max: 64, default: 16, description: "group size"}
                    rank: {type: int, min: 1, max: 64, default: 2, description: "adapter rank"}
                    lr: {type: number, min: 0.00001, max: 0.1, default: 0.01, description: "learning rate"}
                    warmup: {type: int, min: 0, max: 10, default: 2, description: "warm-up steps"}
                    steps: {type: int, min: 2, max: 40, default: 12, description: "optimizer steps (budget 40)"}
                    batch_size: {type: int, min: 1, max: 16, default: 8, description: "batch"}
                    eval_every: {type: int, min: 1, max: 40, default: 4, description: "dev loss every"}
                metric: exact_match
                report: [accuracy]
                points: 10
                daily_limit: 5
                total_limit: 10
                public_fraction: 0.5
              - id: study
                title: The study, tiny
                kind: job
                job:
                  kind: qalora-study
                  parameters:
                    base: {type: enum, values: [tiny], default: tiny, description: "the base model"}
                    group_size: {type: int, min: 8, max: 32, default: 16, description: "group size"}
                    rank: {type: int, min: 1, max: 8, default: 2, description: "adapter rank"}
                    lr: {type: number, min: 0.00001, max: 0.1, default: 0.02, description: "learning rate"}
                    warmup: {type: int, min: 0, max: 10, default: 0, description: "warm-up steps"}
                    steps: {type: int, min: 2, max: 20, default: 4, description: "steps of each training"}
                    batch_size: {type: int, min: 1, max: 16, default: 4, description: "batch"}
                    eval_every: {type: int, min: 1, max: 20, default: 2, description: "dev loss every"}
                    dev_per_family: {type: int, min: 1, max: 8, default: 4, description: "dev questions per family"}
                metric: accuracy
                points: 3
                daily_limit: 5
                total_limit: 10
                public_fraction: 1
            """;
}
