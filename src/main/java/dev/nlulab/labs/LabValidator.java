package dev.nlulab.labs;

import dev.nlulab.content.Problem;
import dev.nlulab.metrics.Metric;
import dev.nlulab.metrics.Metrics;
import dev.nlulab.metrics.PredictionKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything {@link LabLoader} checks, plus the contents of the hidden side: every key file reads as a
 * key whose gold values suit the metric, and every further {@link LabCheck} it was given passes (the
 * grader's: each baseline can be scored). Reports every problem with file and line.
 */
public final class LabValidator {
    private final Path labsDir;
    private final Path graderDir;
    private final List<LabCheck> checks;

    public LabValidator(Path labsDir, Path graderDir) {
        this(labsDir, graderDir, List.of());
    }

    public LabValidator(Path labsDir, Path graderDir, List<LabCheck> checks) {
        this.labsDir = labsDir;
        this.graderDir = graderDir;
        this.checks = List.copyOf(checks);
    }

    /** Lab ids in {@code labs/}: the folders holding a lab.yaml, sorted. */
    public List<String> labIds() {
        if (!Files.isDirectory(labsDir)) return List.of();
        try (Stream<Path> dirs = Files.list(labsDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("lab.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + labsDir + ": " + e.getMessage(), e);
        }
    }

    public LabLoader.Result validate(String labId) {
        LabLoader.Result loaded = LabLoader.load(labsDir.resolve(labId), graderDir);
        if (!loaded.ok()) return loaded;
        Lab lab = loaded.lab();
        List<Problem> problems = new ArrayList<>();
        for (Exercise e : lab.exercises()) {
            Metric metric = Metrics.byName(e.metric()); // the loader has checked the name
            Path keyFile = lab.keys().get(e.id());
            try {
                Key key = Key.load(keyFile);
                if (metric.kind() == PredictionKind.NUMBER) checkNumeric(key, keyFile, problems);
            } catch (Key.FormatError ex) {
                problems.add(ex.problem());
            } catch (IOException ex) {
                problems.add(Problem.error(keyFile, 0, "cannot read: " + ex.getMessage()));
            }
        }
        if (problems.isEmpty()) for (LabCheck check : checks) problems.addAll(check.check(lab)); // the keys read: checks may use them
        return problems.isEmpty() ? loaded : new LabLoader.Result(null, List.copyOf(problems));
    }

    private static void checkNumeric(Key key, Path keyFile, List<Problem> problems) {
        for (int i = 0; i < key.size(); i++) {
            String g = key.gold(i).get(0);
            try {
                if (Double.isFinite(Double.parseDouble(g))) continue;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(Problem.error(keyFile, key.line(i), "gold '" + g + "' of '" + key.id(i) + "' is not a finite number (the metric is numeric)"));
            return;
        }
    }
}
