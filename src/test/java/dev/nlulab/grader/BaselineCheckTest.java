package dev.nlulab.grader;

import dev.nlulab.content.Problem;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.LabValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Baselines in lab.yaml: declared, validated with file and line, and scored by the grader like a submission. */
class BaselineCheckTest {
    @TempDir
    Path course;

    /** A lab "b" with one predictions exercise over 4 items (gold "a") whose baseline file is {@code baseline}. */
    private void lab(String baselines, String baseline) throws IOException {
        Path lab = Files.createDirectories(course.resolve("labs/b"));
        Files.writeString(lab.resolve("README.md"), "# B\n");
        Files.writeString(lab.resolve("lab.yaml"), """
                title: B
                module: retrieval
                deadline: 2026-12-10
                timezone: UTC
                exercises:
                  - id: cls
                    title: Classify
                    kind: predictions
                    metric: accuracy
                    points: 1
                    public_fraction: 1
                """ + baselines);
        Path hidden = Files.createDirectories(course.resolve("grader/b/baselines"));
        Files.writeString(course.resolve("grader/b/grading.yaml"), "exercises:\n  cls:\n    key: key.jsonl\n");
        Files.writeString(course.resolve("grader/b/key.jsonl"), "{\"id\":\"q1\",\"gold\":\"a\"}\n{\"id\":\"q2\",\"gold\":\"a\"}\n{\"id\":\"q3\",\"gold\":\"a\"}\n{\"id\":\"q4\",\"gold\":\"a\"}\n");
        if (baseline != null) Files.writeString(hidden.resolve("base.csv"), baseline);
    }

    private List<Problem> problems() {
        return new LabValidator(course.resolve("labs"), course.resolve("grader"), List.of(new BaselineCheck())).validate("b").problems();
    }

    private static final String DECLARED = "    baselines:\n      - {name: \"Base\", predictions: \"baselines/base.csv\"}\n";

    @Test
    void aBaselineThatReadsIsValidAndScoredLikeASubmission() throws Exception {
        lab(DECLARED, "id,prediction\nq1,a\nq2,a\nq3,a\nq4,b\n");
        assertThat(problems()).isEmpty();
        LabCatalog catalog = new LabCatalog(course.resolve("labs"), course.resolve("grader"), List.of(new BaselineCheck()));
        var lab = catalog.lab("b").orElseThrow();
        Exercise ex = lab.exercise("cls").orElseThrow();
        assertThat(ex.baselines()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("Base"));
        Baselines baselines = new Baselines(new Grading(catalog::key, PredictionsParser.DEFAULT_MAX_BYTES));
        assertThat(baselines.of(lab, ex)).singleElement().satisfies(s -> assertThat(s.score().publicScore()).isEqualTo(0.75));
    }

    @Test
    void aBaselineFileWithProblemsFailsValidationAtItsLines() throws Exception {
        lab(DECLARED, "id,prediction\nq1,a\nq1,a\nzz,a\n");
        List<Problem> p = problems();
        assertThat(p).anySatisfy(x -> {
            assertThat(x.file().toString()).endsWith("grader/b/baselines/base.csv");
            assertThat(x.line()).isEqualTo(3);
            assertThat(x.message()).contains("baseline 'Base' of exercise 'cls'").contains("duplicate id");
        });
        assertThat(p).anySatisfy(x -> assertThat(x.line()).isEqualTo(4));
        assertThat(new LabCatalog(course.resolve("labs"), course.resolve("grader"), List.of(new BaselineCheck())).lab("b")).isEmpty();
    }

    @Test
    void aMissingOrOutsideBaselineFileIsReportedAtItsLineOfLabYaml() throws Exception {
        lab("    baselines:\n      - {name: \"Gone\", predictions: \"baselines/gone.csv\"}\n      - {name: \"Out\", predictions: \"../../labs/b/lab.yaml\"}\n", null);
        List<Problem> p = new LabValidator(course.resolve("labs"), course.resolve("grader")).validate("b").problems();
        assertThat(p).anySatisfy(x -> {
            assertThat(x.file().toString()).endsWith("labs/b/lab.yaml");
            assertThat(x.line()).isEqualTo(13);
            assertThat(x.message()).contains("gone.csv does not exist");
        });
        assertThat(p).anySatisfy(x -> {
            assertThat(x.line()).isEqualTo(14);
            assertThat(x.message()).contains("must be inside");
        });
    }

    /** The lab README's table: BM25 on the public half of test, MRR@10 and Success@5. */
    @Test
    void theShippedReverseDictionaryBaselineIsValidAndScoresAsItsReadmePublishes() throws Exception {
        LabLoader.Result r = new LabValidator(Path.of("labs"), Path.of("grader"), List.of(new BaselineCheck())).validate("reverse-dictionary");
        assertThat(r.problems()).isEmpty();
        for (Exercise ex : r.lab().exercises()) assertThat(ex.baselines()).extracting(b -> b.name()).containsExactly("BM25 (Lucene)");
        String readme = Files.readString(Path.of("labs/reverse-dictionary/README.md"));
        assertThat(readme).contains("| test, public half | 0.2111 | 0.2941 |");
        LabCatalog catalog = new LabCatalog(Path.of("labs"), Path.of("grader"));
        Baselines.Scored bm25 = new Baselines(new Grading(catalog::key, PredictionsParser.DEFAULT_MAX_BYTES))
                .of(r.lab(), r.lab().exercise("test").orElseThrow()).get(0);
        assertThat(Format.score(bm25.score().publicScore())).isEqualTo("0.2111");
        assertThat(Format.score(bm25.reported().get("success@5").publicScore())).isEqualTo("0.2941");
    }
}
