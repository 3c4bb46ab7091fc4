package dev.nlulab.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Task items as JSON lines: {"id","family","scenario","question","options","rationale","answer"}. */
public final class TaskJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("id", "family", "scenario", "question", "options", "rationale", "answer");

    private TaskJson() {
    }

    public static String toLine(TaskItem item) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", item.id());
        node.put("family", item.family());
        node.put("scenario", item.scenario().label());
        node.put("question", item.question());
        var options = node.putArray("options");
        item.options().forEach(options::add);
        node.put("rationale", item.rationale());
        node.put("answer", item.answer());
        return node.toString();
    }

    public static void write(Path file, List<TaskItem> items) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TaskItem item : items) {
                out.write(toLine(item));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JSONL file of items; a bad line is reported with the file and line number. */
    public static List<TaskItem> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<TaskItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                items.add(fromLine(lines.get(i)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return items;
    }

    static TaskItem fromLine(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        for (String field : FIELDS) {
            if (node == null || !node.hasNonNull(field)) throw new IllegalArgumentException("missing field '" + field + "'");
        }
        List<String> options = new ArrayList<>();
        node.get("options").forEach(o -> options.add(o.asText()));
        return new TaskItem(node.get("id").asText(), node.get("family").asText(),
                Scenario.parse(node.get("scenario").asText()), node.get("question").asText(), options,
                node.get("rationale").asText(), node.get("answer").asText());
    }
}
