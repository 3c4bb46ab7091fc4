package dev.nlulab.authoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code nlulab lab new}: the files of a new lab, each with comments saying what goes where, that
 * validate as written: lab.yaml, README.md, data/, and on the hidden side grading.yaml and a key.
 */
public final class LabScaffold {
    public enum Kind { PREDICTIONS, JOB }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private LabScaffold() {}

    /**
     * Writes the lab; refuses (and writes nothing) when the id is not a folder name or the lab or its
     * hidden side exists. {@code jobKind} is required for a job lab. Returns the files written.
     */
    public static List<Path> write(Path labsDir, Path graderDir, String id, Kind kind, String module, String jobKind,
                                   ZoneId zone, LocalDate today) throws IOException {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("a lab id is lower-case letters, digits and dashes, was '" + id + "'");
        Path lab = labsDir.resolve(id);
        Path hidden = graderDir.resolve(id);
        for (Path p : List.of(lab, hidden)) {
            if (Files.exists(p)) throw new IllegalArgumentException(p + " exists; nothing written (a scaffold never overwrites)");
        }
        if (kind == Kind.JOB && (jobKind == null || jobKind.isBlank())) throw new IllegalArgumentException("a job lab needs a job kind");
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(lab.resolve("lab.yaml"), labYaml(id, kind, module, jobKind, zone, today));
        files.put(lab.resolve("README.md"), readme(id, kind));
        files.put(lab.resolve("data/README.txt"), "Public files students download from the lab's page: train and dev data, the test inputs\n"
                + "(never their answers: those go in grader/" + id + "/).\n");
        files.put(hidden.resolve("grading.yaml"), """
                # The hidden side of lab %s: never served, never copied into a job's folder.
                # Each exercise of lab.yaml names its key file, relative to this folder.
                exercises:
                  test:
                    key: test-key.jsonl
                """.formatted(id));
        files.put(hidden.resolve("test-key.jsonl"), """
                {"id": "t1", "gold": "yes"}
                {"id": "t2", "gold": "no"}
                {"id": "t3", "gold": "yes"}
                {"id": "t4", "gold": "no"}
                """);
        for (Map.Entry<Path, String> f : files.entrySet()) {
            Files.createDirectories(f.getKey().getParent());
            Files.writeString(f.getKey(), f.getValue(), StandardCharsets.UTF_8);
        }
        return List.copyOf(files.keySet());
    }

    private static String labYaml(String id, Kind kind, String module, String jobKind, ZoneId zone, LocalDate today) {
        String exercise = kind == Kind.PREDICTIONS ? """
                    kind: predictions             # the student uploads a file: CSV id,prediction or JSONL {"id", "prediction"}
                """ : """
                    kind: job                     # the student configures a run of a job kind; its predictions are graded
                    job:
                      kind: %s
                      parameters: {}              # the form: one entry per parameter the job kind takes, e.g.
                        # k1: {type: number, min: 0, max: 3, default: 1.2, description: shown under the field}
                        # types: int, number, string, enum (with values: [a, b]), bool
                """.formatted(jobKind);
        return """
                # Lab %s. Every field: docs/authoring-labs.md. Check it with: bin/nlulab lab validate %s
                title: %s
                module: %s                 # one of the course's module ids (lessons/course.yaml)
                summary: One sentence for the lab list.
                opens: %s                 # submissions accepted from (a date, or a date and time: 2026-11-23T09:00)
                deadline: %sT23:59        # the public board until then; private scores revealed after
                timezone: %s                  # the zone of this file's dates; daily limits reset at midnight here
                exercises:
                  - id: test                      # lower-case letters, digits, dashes; grading.yaml names its key
                    title: Predict the hidden test answers
                %s    metric: accuracy              # accuracy, macro_f1 (labels), exact_match, token_f1 (text), spearman (numbers), mrr@k, success@k, ndcg@k (rankings)
                    points: 10
                    daily_limit: 5                # graded submissions per day; unreadable files cost nothing
                    total_limit: 50
                    public_fraction: 0.5          # share of the key's items on the public board
                """.formatted(id, id, title(id), module, today, today.plusWeeks(4), zone.getId(), exercise);
    }

    private static String readme(String id, Kind kind) {
        return """
                # %s

                The students' instructions, rendered like a lesson: what the task is, what is in `data/`, and
                %s
                """.formatted(title(id), kind == Kind.PREDICTIONS
                ? "what to upload (a CSV with the header `id,prediction`, one row per test id)."
                : "what each parameter of the job does.");
    }

    private static String title(String id) {
        String words = id.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
