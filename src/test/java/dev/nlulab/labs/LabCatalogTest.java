package dev.nlulab.labs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LabCatalogTest {
    @TempDir
    Path course;

    private void copyFixture() throws IOException {
        Path from = LabValidatorTest.COURSE;
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = course.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
    }

    /** Writes and moves the modification time forward, so a change shows even within one clock tick. */
    private static void edit(Path file, String text) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
    }

    @Test
    void servesGoodLabsListsBrokenOnesAndFollowsEdits() throws IOException {
        copyFixture();
        LabCatalog catalog = new LabCatalog(course.resolve("labs"), course.resolve("grader"));
        assertThat(catalog.labs()).extracting(Lab::id).containsExactly("good-lab");
        assertThat(catalog.problems()).containsOnlyKeys("bad-fields", "bad-key", "bad-yaml");
        assertThat(catalog.problems().get("bad-yaml").get(0).line()).isEqualTo(5);

        // fixing a broken lab brings it in
        edit(course.resolve("labs/bad-yaml/lab.yaml"), "title: Fixed\nmodule: retrieval\ndeadline: 2026-12-01\ntimezone: UTC\n"
                + "exercises:\n  - id: x\n    title: X\n    kind: predictions\n    metric: accuracy\n    points: 1\n");
        Files.createDirectories(course.resolve("grader/bad-yaml"));
        Files.writeString(course.resolve("grader/bad-yaml/grading.yaml"), "exercises:\n  x:\n    key: k.jsonl\n");
        Files.writeString(course.resolve("grader/bad-yaml/k.jsonl"), "{\"id\":\"1\",\"gold\":\"a\"}\n");
        assertThat(catalog.labs()).extracting(Lab::id).containsExactly("bad-yaml", "good-lab");
        assertThat(catalog.lab("bad-yaml").orElseThrow().title()).isEqualTo("Fixed");

        // breaking a good lab keeps its last good version served, and lists the problem
        Path good = course.resolve("labs/good-lab/lab.yaml");
        String text = Files.readString(good);
        edit(good, text.replace("metric: macro_f1", "metric: macro_f2"));
        assertThat(catalog.lab("good-lab")).isPresent();
        assertThat(catalog.problems().get("good-lab").get(0).message()).contains("unknown metric 'macro_f2'");
        edit(good, text.replace("Sentiment bake-off", "Sentiment bake-off II"));
        assertThat(catalog.lab("good-lab").orElseThrow().title()).isEqualTo("Sentiment bake-off II");
        assertThat(catalog.problems()).doesNotContainKey("good-lab");
    }

    @Test
    void aCorrectedKeyIsReadAgain() throws IOException {
        copyFixture();
        LabCatalog catalog = new LabCatalog(course.resolve("labs"), course.resolve("grader"));
        Lab lab = catalog.lab("good-lab").orElseThrow();
        assertThat(catalog.key(lab, "sentiment").gold(1)).containsExactly("neg");
        edit(course.resolve("grader/good-lab/sentiment-key.jsonl"), "{\"id\":\"s1\",\"gold\":\"pos\"}\n{\"id\":\"s2\",\"gold\":\"pos\"}\n");
        assertThat(catalog.key(lab, "sentiment").gold(1)).containsExactly("pos");
    }
}
