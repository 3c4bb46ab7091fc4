package dev.nlulab.authoring;

import dev.nlulab.course.Course;
import dev.nlulab.course.Lesson;
import dev.nlulab.course.LessonValidator;
import dev.nlulab.grader.PredictionsParser;
import dev.nlulab.jobs.JobKinds;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.LabValidator;
import dev.nlulab.labs.Parameter;
import dev.nlulab.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authoring docs cannot drift: every file they show is written into a scratch course and read by
 * the loaders and validators the server uses; a wrong example fails the build.
 */
class DocExamplesTest {
    private static final Path LABS_DOC = Path.of("docs/authoring-labs.md");
    private static final Path LESSONS_DOC = Path.of("docs/authoring-lessons.md");

    @TempDir
    Path course;

    @Test
    void everyLabExampleValidatesWithTheServersValidator() throws IOException {
        DocExamples doc = DocExamples.read(LABS_DOC);
        assertThat(doc.unchecked()).as("blocks with a language but no file= (nothing checks them)").isEmpty();
        doc.writeFiles(course);
        LabValidator validator = new LabValidator(course.resolve("labs"), course.resolve("grader"));
        List<Lab> labs = new ArrayList<>();
        for (String id : validator.labIds()) {
            LabLoader.Result r = validator.validate(id);
            assertThat(r.problems()).as("problems of the doc's lab " + id).isEmpty();
            labs.add(r.lab());
        }
        List<Exercise> exercises = labs.stream().flatMap(l -> l.exercises().stream()).toList();
        assertThat(exercises).extracting(Exercise::kind).contains(Exercise.Kind.PREDICTIONS, Exercise.Kind.JOB);
        JobKinds kinds = JobKinds.load();
        exercises.stream().filter(e -> e.kind() == Exercise.Kind.JOB)
                .forEach(e -> assertThat(kinds.find(e.jobKind())).as("job kind " + e.jobKind() + " of the doc").isPresent());
    }

    @Test
    void thePredictionsExamplesAreAcceptedByTheServersParser() throws IOException {
        DocExamples.read(LABS_DOC).writeFiles(course);
        LabValidator validator = new LabValidator(course.resolve("labs"), course.resolve("grader"));
        List<Path> files;
        try (var walk = Files.walk(course.resolve("submissions"))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (Path f : files) {
            Path rel = course.resolve("submissions").relativize(f); // <lab>/<exercise>/<file>
            Lab lab = validator.validate(rel.getName(0).toString()).lab();
            Exercise ex = lab.exercise(rel.getName(1).toString()).orElseThrow();
            Key key = Key.load(lab.keys().get(ex.id()));
            PredictionsParser.Result parsed = new PredictionsParser(PredictionsParser.DEFAULT_MAX_BYTES)
                    .parse(f, key, Metrics.byName(ex.metric()).kind());
            assertThat(parsed.problems()).as("the parser's problems with the doc's " + rel).isEmpty();
            assertThat(parsed.predictions()).hasSize(key.size());
        }
    }

    /** The parameter types example, put in a job exercise, loads, and shows every type there is. */
    @Test
    void theParameterTypesExampleShowsEveryTypeAndLoads() throws IOException {
        Map<String, Path> files = DocExamples.read(LABS_DOC).writeFiles(course);
        String params = Files.readString(files.get("parameters.yaml")).strip().indent(8);
        Path lab = course.resolve("labs/parameter-types");
        Files.createDirectories(lab);
        Files.writeString(lab.resolve("README.md"), "# Types\n");
        Files.writeString(lab.resolve("lab.yaml"), """
                title: Types
                module: prompting
                deadline: 2026-12-14
                timezone: UTC
                exercises:
                  - id: run
                    title: A run
                    kind: job
                    metric: accuracy
                    points: 1
                    job:
                      kind: bm25-reverse-dictionary
                      parameters:
                """ + params);
        Path grader = course.resolve("grader/parameter-types");
        Files.createDirectories(grader);
        Files.writeString(grader.resolve("grading.yaml"), "exercises:\n  run:\n    key: k.jsonl\n");
        Files.writeString(grader.resolve("k.jsonl"), "{\"id\": \"a\", \"gold\": \"x\"}\n");

        LabLoader.Result r = new LabValidator(course.resolve("labs"), course.resolve("grader")).validate("parameter-types");
        assertThat(r.problems()).isEmpty();
        List<Parameter> parameters = r.lab().exercises().get(0).parameters().parameters();
        assertThat(parameters).allSatisfy(p -> assertThat(p.defaultValue()).as(p.name() + "'s default").isNotNull());
        Set<Parameter.Type> shown = parameters.stream().map(Parameter::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(Parameter.Type.class)));
        assertThat(shown).isEqualTo(EnumSet.allOf(Parameter.Type.class));
    }

    /** Each row of the metrics table names a metric the loader knows, with the prediction type it really takes. */
    @Test
    void theMetricsTableSaysWhatEachMetricTakes() throws IOException {
        Pattern row = Pattern.compile("^\\| `([a-z0-9_]+(@k)?)` \\| ([a-z]+) \\|.*");
        int rows = 0;
        for (String line : Files.readAllLines(LABS_DOC, StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (!m.matches()) continue;
            rows++;
            String name = m.group(1).replace("@k", "@10");
            assertThat(Metrics.byName(name).kind().name().toLowerCase(Locale.ROOT)).as("prediction type of " + name).isEqualTo(m.group(3));
        }
        assertThat(rows).as("metrics in the table").isEqualTo(8);
    }

    @Test
    void everyLessonExampleLoadsWithoutAProblem() throws IOException {
        DocExamples doc = DocExamples.read(LESSONS_DOC);
        assertThat(doc.unchecked()).as("blocks with a language but no file= (nothing checks them)").isEmpty();
        doc.writeFiles(course);
        Course loaded = LessonValidator.load(course.resolve("lessons"));
        // The doc's layout shows every module's folder; an example cannot show an empty folder.
        assertThat(loaded.problems()).filteredOn(p -> !p.message().matches("module '[a-z-]+' has no folder [a-z-]+/")).isEmpty();
        assertThat(loaded.modules()).isNotEmpty();
        Lesson lesson = loaded.lesson("representations/01-tokenization").orElseThrow();
        assertThat(lesson.questions()).extracting(q -> q.id()).contains("merge-order", "subword", "idf", "b-stands-for");
        assertThat(lesson.demos()).hasSize(1);
        assertThat(lesson.html()).contains("Why bytes").contains("Attention");
    }
}
