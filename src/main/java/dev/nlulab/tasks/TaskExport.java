package dev.nlulab.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the whole suite for one seed: {@code <dir>/<family>/{train,dev,test}.jsonl}, a
 * {@code suite.json} index (families, roles, scenarios, sizes) and {@code pretraining.jsonl}, the
 * (prompt, answer) examples of the in-distribution train splits.
 */
public final class TaskExport {
    /** Split sizes per family; fine-tuning families get the same sizes (their train split feeds the lab). */
    public record Sizes(int train, int dev, int test) {
        /** What {@code bin/course-data} exports (the defaults of {@code tasks export}). */
        public static final Sizes COURSE = new Sizes(2000, 100, 200);

        public Sizes {
            if (train < 0 || dev < 0 || test < 0) throw new IllegalArgumentException("split sizes must be >= 0");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskExport() {
    }

    public static Path splitFile(Path dir, String familyId, String split) {
        return dir.resolve(familyId).resolve(split + ".jsonl");
    }

    /** Writes every family's splits and the index; returns the splits written. */
    public static List<TaskSplits> write(Path dir, long seed, Sizes sizes) {
        try {
            Files.createDirectories(dir);
            ObjectNode index = JSON.createObjectNode().put("seed", seed);
            ArrayNode families = index.putArray("families");
            List<TaskSplits> all = TaskSuite.families().stream()
                    .map(f -> TaskSplits.generate(f, seed, sizes.train(), sizes.dev(), sizes.test())).toList();
            StringBuilder pretraining = new StringBuilder();
            for (TaskSplits splits : all) {
                TaskSuite.Entry entry = TaskSuite.entry(splits.family());
                Files.createDirectories(dir.resolve(splits.family()));
                for (String split : List.of(TaskSplits.TRAIN, TaskSplits.DEV, TaskSplits.TEST)) {
                    TaskJson.write(splitFile(dir, splits.family(), split), splits.split(split));
                }
                families.addObject().put("id", splits.family())
                        .put("description", entry.family().description())
                        .put("scenario", entry.family().scenario().label())
                        .put("role", entry.role().name().toLowerCase(java.util.Locale.ROOT))
                        .put("train", splits.train().size()).put("dev", splits.dev().size())
                        .put("test", splits.test().size());
                if (entry.inDistribution()) {
                    for (TextExample ex : PretrainingSet.examples(splits.train())) {
                        pretraining.append(JSON.writeValueAsString(ex)).append('\n');
                    }
                }
            }
            Files.writeString(dir.resolve("pretraining.jsonl"), pretraining);
            Files.writeString(dir.resolve("suite.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task export to " + dir + ": " + e.getMessage(), e);
        }
    }
}
