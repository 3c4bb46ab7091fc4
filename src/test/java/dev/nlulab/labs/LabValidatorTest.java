package dev.nlulab.labs;

import dev.nlulab.content.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Broken lab fixtures under src/test/resources/labs/course: every problem, with its file and line. */
class LabValidatorTest {
    static final Path COURSE = Path.of("src/test/resources/labs/course");
    private final LabValidator validator = new LabValidator(COURSE.resolve("labs"), COURSE.resolve("grader"));

    private static void assertProblem(List<Problem> problems, String file, int line, String text) {
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file().toString()).endsWith(file);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(text);
        });
    }

    @Test
    void aGoodLabLoadsWithItsExercisesKeysAndTimes() {
        LabLoader.Result r = validator.validate("good-lab");
        assertThat(r.problems()).isEmpty();
        Lab lab = r.lab();
        assertThat(lab.title()).isEqualTo("Sentiment bake-off");
        assertThat(lab.deadline()).isEqualTo(Instant.parse("2026-12-01T17:00:00Z")); // 18:00 in Berlin, winter time
        assertThat(lab.closes()).isEqualTo(lab.deadline());
        assertThat(lab.exercises()).extracting(Exercise::id).containsExactly("sentiment", "finetune");
        Exercise job = lab.exercise("finetune").orElseThrow();
        assertThat(job.kind()).isEqualTo(Exercise.Kind.JOB);
        assertThat(job.jobKind()).isEqualTo("qalora-finetune");
        assertThat(job.finalSelection()).isEqualTo(Exercise.FinalSelection.CHOSEN);
        assertThat(job.parameters().parameters()).extracting(Parameter::name).containsExactly("rank", "lr", "method", "merge", "note");
        assertThat(lab.keys().get("sentiment").getFileName().toString()).isEqualTo("sentiment-key.jsonl");
    }

    @Test
    void everyProblemOfABrokenLabIsReportedWithFileAndLine() {
        List<Problem> p = validator.validate("bad-fields").problems();
        assertProblem(p, "bad-fields/lab.yaml", 4, "the deadline must come after 'opens'");
        assertProblem(p, "bad-fields/lab.yaml", 5, "'Mars/Olympus' is not a time zone");
        assertProblem(p, "bad-fields/lab.yaml", 6, "unknown field 'colour'");
        assertProblem(p, "bad-fields/lab.yaml", 11, "unknown metric 'f1'");
        assertProblem(p, "bad-fields/lab.yaml", 12, "'public_fraction' must be between 0.0 and 1.0, was 1.5");
        assertProblem(p, "bad-fields/lab.yaml", 20, "default of 'temperature' must be at most 2, was 3");
        assertProblem(p, "bad-fields/lab.yaml", 21, "parameter type must be int, number, string, enum or bool, was 'colour'");
        assertProblem(p, "bad-fields/lab.yaml", 24, "final must be best-public, chosen or last, was 'whenever'");
        assertProblem(p, "grader/bad-fields/grading.yaml", 3, "missing.jsonl does not exist");
        assertProblem(p, "grader/bad-fields/grading.yaml", 2, "exercise 'two' has no key here");
        assertProblem(p, "bad-fields/README.md", 0, "no README.md");
        assertThat(p).hasSize(11);
    }

    @Test
    void yamlSyntaxErrorsCarryTheirLine() {
        List<Problem> p = validator.validate("bad-yaml").problems();
        assertThat(p).hasSize(1);
        assertProblem(p, "bad-yaml/lab.yaml", 5, "not valid YAML");
    }

    @Test
    void aBadKeyLineIsReportedInTheKeyFile() {
        assertProblem(validator.validate("bad-key").problems(), "grader/bad-key/key.jsonl", 3, "not a JSON object");
    }

    @Test
    void labIdsAreTheFoldersWithALabYaml() {
        assertThat(validator.labIds()).containsExactly("bad-fields", "bad-key", "bad-yaml", "good-lab");
    }

    @Test
    void theReverseDictionaryLabOfTheCourseIsValid() {
        LabLoader.Result r = new LabValidator(Path.of("labs"), Path.of("grader")).validate("reverse-dictionary");
        assertThat(r.problems()).isEmpty();
        Exercise e = r.lab().exercise("test").orElseThrow();
        assertThat(e.metric()).isEqualTo("mrr@10");
        assertThat(e.alsoReport()).containsExactly("success@5");
        assertThat(List.of(e.dailyLimit(), e.totalLimit())).containsExactly(5, 50);
        assertThat(e.publicFraction()).isEqualTo(0.5);
        assertThat(e.finalSelection()).isEqualTo(Exercise.FinalSelection.BEST_PUBLIC);
    }
}
