package dev.nlulab.prompting.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.tasks.Scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Rows of the shipped Meta-CoT lab's public files (labs/metacot/data), for tests of the methods on real questions. */
final class LabFiles {
    static final Path DATA = Path.of("labs/metacot/data");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A labelled question: pool rows have no answer (""), dev rows do. */
    record Row(String id, String dataset, Scenario scenario, boolean ood, String question, String answer) {
        Question asQuestion() {
            return new Question(id, question);
        }

        Task task() {
            return new Task(dataset, scenario);
        }
    }

    private LabFiles() {
    }

    static List<Row> read(String file) {
        try {
            List<Row> out = new ArrayList<>();
            for (String line : Files.readAllLines(DATA.resolve(file))) {
                JsonNode n = JSON.readTree(line);
                out.add(new Row(n.get("id").asText(), n.get("dataset").asText(), Scenario.parse(n.get("scenario").asText()),
                        n.path("ood").asBoolean(false), n.get("question").asText(), n.path("answer").asText("")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} rows of each data set, in file order. */
    static List<Row> perDataset(List<Row> rows, int n) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        return rows.stream().filter(r -> seen.merge(r.dataset(), 1, Integer::sum) <= n).toList();
    }
}
