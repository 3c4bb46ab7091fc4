package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.prompting.methods.Demo;
import dev.nlulab.prompting.methods.PoolReasoning;
import dev.nlulab.prompting.methods.Question;
import dev.nlulab.prompting.methods.Task;
import dev.nlulab.tasks.Scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Meta-CoT lab's public files (labs/metacot/data/) as rows: the unlabelled mixed pool, the fixed
 * worked demonstrations of Few-Shot-CoT, the labelled dev set, the hidden test set's questions, and the
 * sorting problems of the Graph of Thoughts exercise. What a job reads; the keys are never among them.
 */
public final class MetaCotData {
    public static final String POOL = "pool.jsonl", DEMOS = "demos.jsonl", DEV = "dev.jsonl", TEST = "test.jsonl",
            SORTING_DEV = "sorting-dev.jsonl", SORTING_TEST = "sorting-test.jsonl";

    /** The prediction for a question whose completion held no answer of its form: never a key's answer (graders refuse an empty one). */
    public static final String NO_ANSWER = "(no answer)";

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** A pool question: its data set and scenario (known for the pool, as in the reference), no answer. */
    public record PoolItem(String id, String dataset, String scenario, String question) {
        public PoolReasoning.PoolQuestion asPoolQuestion() {
            return new PoolReasoning.PoolQuestion(id, question, new Task(dataset, Scenario.parse(scenario)));
        }
    }

    /** A fixed Few-Shot-CoT demonstration: a train question with its worked rationale and answer. */
    public record FixedDemo(String id, String dataset, String scenario, String question, String rationale, String answer) {
        public Demo asDemo() {
            return new Demo(question, rationale, answer, id);
        }
    }

    /** A dev question with its label: data set, scenario, whether its family is out of distribution, answer. */
    public record DevItem(String id, String dataset, String scenario, boolean ood, String question, String answer) {
        public Question asQuestion() {
            return new Question(id, question);
        }

        public Task task() {
            return new Task(dataset, Scenario.parse(scenario));
        }
    }

    /** A test question: only its id and text (its data set and answer are in the hidden key). */
    public record TestItem(String id, String question) {
        public Question asQuestion() {
            return new Question(id, question);
        }
    }

    /** A sorting problem: digits separated by spaces; {@code sorted} only in the public dev file. */
    public record SortingItem(String id, String digits, String sorted) {}

    /** A line of a hidden key: the canonical gold answer, with the item's data set and scenario for instructors. */
    public record KeyLine(String id, String gold, String dataset, String scenario) {}

    private MetaCotData() {
    }

    public static <T> List<T> read(Path file, Class<T> type) {
        List<T> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                try {
                    out.add(JSON.readValue(lines.get(i), type));
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a " + type.getSimpleName() + " line: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static <T> void write(Path file, List<T> rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (T row : rows) {
                w.write(JSON.writeValueAsString(row));
                w.write('\n');
            }
        }
    }
}
