package dev.nlulab.grader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.Lab;
import dev.nlulab.metrics.Metrics;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sample submission for a predictions exercise: one JSONL line per test id, in the order the grader reads
 * them, with a placeholder of the right kind (a label, a number, a text, a ranking). The ids are those a student
 * must predict for anyway (the lab's public test file holds them); nothing else of the key goes into it.
 * It is a valid file: uploaded as it is, it is graded (and scores what placeholders score).
 */
final class StarterFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StarterFiles() {}

    static String sample(Grading grading, Lab lab, Exercise ex) throws IOException {
        if (ex.kind() != Exercise.Kind.PREDICTIONS) throw new IllegalArgumentException("exercise '" + ex.id() + "' takes a job, not a file");
        Key key = grading.key(lab, ex);
        Object placeholder = switch (Metrics.byName(ex.metric()).kind()) {
            case LABEL -> "label";
            case NUMBER -> 0;
            case TEXT -> "your answer";
            case RANKING -> List.of("candidate-1", "candidate-2", "candidate-3");
        };
        StringBuilder out = new StringBuilder();
        for (String id : key.ids()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("prediction", placeholder);
            try {
                out.append(JSON.writeValueAsString(row)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a sample line", e);
            }
        }
        return out.toString();
    }
}
