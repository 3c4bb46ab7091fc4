package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskJson;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The QA-LoRA lab's data: the task suite's fine-tuning families (never in the course model's
 * pretraining), split with a seed of the lab's own, so the course export's test splits
 * ({@code bin/course-data}, seed 1) are not this lab's key. Public: {@code data/train.jsonl} and
 * {@code dev.jsonl} (questions, rationales, answers) and {@code test.jsonl} (questions only); hidden:
 * {@code grader/qalora/test-key.jsonl}.
 */
public final class LabData {
    public static final String LAB_ID = "qalora";
    /** The lab's split seed (QA-LoRA's arXiv number, 2309.14717). */
    public static final long SEED = 2309;
    public static final List<String> FAMILIES = List.of("reverse", "sortdigits");
    public static final int TRAIN = 2000, DEV = 100, TEST = 200; // per family
    public static final String TEST_KEY = "test-key.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A test question as the job sees it: no answer. */
    public record Question(String id, String family, String question) {}

    /** Every split of every family, in the order of {@link #FAMILIES}. */
    public record Build(List<TaskItem> train, List<TaskItem> dev, List<TaskItem> test) {}

    private LabData() {}

    public static Build build() {
        List<TaskItem> train = new ArrayList<>(), dev = new ArrayList<>(), test = new ArrayList<>();
        for (String family : FAMILIES) {
            TaskSplits s = TaskSplits.generate(TaskSuite.family(family), SEED, TRAIN, DEV, TEST);
            train.addAll(s.train());
            dev.addAll(s.dev());
            test.addAll(s.test());
        }
        return new Build(train, dev, test);
    }

    /** Writes the public files into {@code labDir/data} and the keys into {@code graderDir}. */
    public static void write(Build b, Path labDir, Path graderDir) {
        Path data = labDir.resolve("data");
        try {
            Files.createDirectories(data);
            Files.createDirectories(graderDir);
            TaskJson.write(data.resolve("train.jsonl"), b.train());
            TaskJson.write(data.resolve("dev.jsonl"), b.dev());
            StringBuilder questions = new StringBuilder();
            StringBuilder key = new StringBuilder();
            for (TaskItem i : b.test()) {
                ObjectNode q = JSON.createObjectNode().put("id", i.id()).put("family", i.family()).put("question", i.question());
                questions.append(q).append('\n');
                key.append(JSON.createObjectNode().put("id", i.id()).put("gold", i.answer())).append('\n');
            }
            Files.writeString(data.resolve("test.jsonl"), questions, StandardCharsets.UTF_8);
            Files.writeString(graderDir.resolve(TEST_KEY), key, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the QA-LoRA lab's data: " + e.getMessage(), e);
        }
    }

    /** Labelled items of a public split (train or dev) of the lab's data folder, of the chosen families. */
    public static List<TaskItem> labelled(Path dataDir, String split, List<String> families) {
        Path file = dataDir.resolve(split + ".jsonl");
        if (!Files.isRegularFile(file)) throw new IllegalStateException("the lab's data folder has no " + file.getFileName() + ": " + dataDir);
        return TaskJson.read(file).stream().filter(i -> families.contains(i.family())).toList();
    }

    /** The first {@code n} items of each family, in the items' order of families: a sample that weighs them alike. */
    public static List<TaskItem> perFamily(List<TaskItem> items, int n) {
        java.util.Map<String, Integer> taken = new java.util.HashMap<>();
        return items.stream().filter(i -> taken.merge(i.family(), 1, Integer::sum) <= n).toList();
    }

    /** The test questions, every one of them: the grader needs a prediction for each. */
    public static List<Question> test(Path dataDir) {
        Path file = dataDir.resolve("test.jsonl");
        if (!Files.isRegularFile(file)) throw new IllegalStateException("the lab's data folder has no test.jsonl: " + dataDir);
        List<Question> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) continue;
                JsonNode q = JSON.readTree(lines.get(n));
                if (!q.hasNonNull("id") || !q.hasNonNull("family") || !q.hasNonNull("question")) {
                    throw new IllegalStateException(file + ":" + (n + 1) + ": a test line needs id, family and question");
                }
                out.add(new Question(q.get("id").asText(), q.get("family").asText(), q.get("question").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
