package dev.nlulab.authoring;

import dev.nlulab.cli.LabCommand;
import dev.nlulab.cli.LessonsCommand;
import dev.nlulab.course.Course;
import dev.nlulab.course.LessonValidator;
import dev.nlulab.grader.SubmissionService;
import dev.nlulab.grader.SubmissionStatus;
import dev.nlulab.grader.SubmissionView;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.LabValidator;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import dev.nlulab.testkit.MutableClock;
import dev.nlulab.web.CourseTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The authoring commands as an instructor runs them: scaffolds that validate at once, and a dry run that grades as the server does. */
class AuthoringCommandsTest {
    @TempDir
    Path course;

    private record Run(int exit, String out, String err) {}

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private void courseFile() throws IOException {
        Files.createDirectories(course.resolve("lessons/retrieval"));
        Files.writeString(course.resolve("lessons/course.yaml"), """
                title: Test course
                modules:
                  - id: retrieval
                    title: Retrieval
                    summary: Finding things.
                """);
    }

    @Test
    void aScaffoldedLabOfEitherKindValidatesAtOnceAndIsNeverOverwritten() throws IOException {
        courseFile();
        for (String kind : new String[] {"predictions", "job"}) {
            String id = "new-" + kind;
            Run r = run(new LabCommand(), "new", id, "--kind", kind, "--course", course.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("wrote labs/" + id + "/lab.yaml").contains("wrote grader/" + id + "/test-key.jsonl");
            LabLoader.Result loaded = new LabValidator(course.resolve("labs"), course.resolve("grader")).validate(id);
            assertThat(loaded.problems()).isEmpty();
            Exercise ex = loaded.lab().exercises().get(0);
            assertThat(ex.kind().name().toLowerCase(Locale.ROOT)).isEqualTo(kind);
            assertThat(loaded.lab().module()).isEqualTo("retrieval");
            assertThat(Files.readString(course.resolve("labs/" + id + "/lab.yaml"))).contains("# ");
        }
        Path yaml = course.resolve("labs/new-job/lab.yaml");
        Files.writeString(yaml, "# edited\n", java.nio.file.StandardOpenOption.APPEND);
        Run again = run(new LabCommand(), "new", "new-job", "--kind", "job", "--course", course.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists; nothing written");
        assertThat(Files.readString(yaml)).endsWith("# edited\n");
    }

    @Test
    void aScaffoldedLessonValidatesAtOnceIsNumberedAfterTheLastAndIsNeverOverwritten() throws IOException {
        courseFile();
        Files.writeString(course.resolve("lessons/retrieval/03-tf-idf.md"), "---\ntitle: TF-IDF\nsummary: Weights.\n---\n\nText.\n");
        String dir = course.resolve("lessons").toString();
        Run r = run(new LessonsCommand(), "new", "retrieval/bm25", "--dir", dir);
        assertThat(r.exit()).as(r.err()).isZero();
        Path written = course.resolve("lessons/retrieval/04-bm25.md");
        assertThat(r.out()).contains(written.toString());
        Course loaded = LessonValidator.load(course.resolve("lessons"));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.lesson("retrieval/04-bm25").orElseThrow().questions()).hasSize(1);

        String before = Files.readString(written);
        Run again = run(new LessonsCommand(), "new", "retrieval/bm25", "--dir", dir);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists; nothing written");
        assertThat(Files.readString(written)).isEqualTo(before);
        assertThat(run(new LessonsCommand(), "new", "nowhere/x", "--dir", dir).err()).contains("module 'nowhere' is not in lessons/course.yaml");
    }

    /** The same file, uploaded by a student and checked by the instructor's command, gets the same three scores. */
    @Test
    void labCheckGradesAFileExactlyAsTheServerDoes() throws Exception {
        Path lab = Files.createDirectories(course.resolve("labs/senti"));
        Files.writeString(lab.resolve("README.md"), "# Senti\n");
        Files.writeString(lab.resolve("lab.yaml"), """
                title: Senti
                module: retrieval
                opens: 2026-11-01
                deadline: 2026-12-01T18:00
                timezone: Europe/Berlin
                exercises:
                  - id: test
                    title: Label
                    kind: predictions
                    metric: macro_f1
                    report: [accuracy]
                    points: 1
                    public_fraction: 0.5
                """);
        Path hidden = Files.createDirectories(course.resolve("grader/senti"));
        Files.writeString(hidden.resolve("grading.yaml"), "exercises:\n  test:\n    key: key.jsonl\n");
        StringBuilder key = new StringBuilder(), csv = new StringBuilder("id,prediction\n");
        String[] labels = {"pos", "neg", "neu"};
        for (int i = 0; i < 30; i++) {
            key.append("{\"id\": \"r").append(i).append("\", \"gold\": \"").append(labels[i % 3]).append("\"}\n");
            csv.append('r').append(i).append(',').append(labels[(i * i + i / 7) % 3]).append('\n'); // right on some, not all
        }
        Files.writeString(hidden.resolve("key.jsonl"), key);
        Path file = Files.writeString(course.resolve("predictions.csv"), csv);

        LabDryRun.Result checked = LabDryRun.run(course.resolve("labs"), course.resolve("grader"), "senti", null, file);
        assertThat(checked.valid()).isTrue();

        SubmissionView server;
        try (Database db = TestDatabases.h2()) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
            SubmissionService service = new SubmissionService(db.jdbi(), new LabCatalog(course.resolve("labs"), course.resolve("grader")),
                    course.resolve("uploads"), clock, new CourseTime(ZoneId.of("UTC")), 1 << 20, 3);
            long student = db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (email, display_name, role, created_at) VALUES ('s@x.org', 's', 'student', :t)")
                    .bind("t", OffsetDateTime.now(ZoneOffset.UTC)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            service.submitPredictions(Viewer.student(student), "senti", "test", "predictions.csv", new ByteArrayInputStream(Files.readAllBytes(file)));
            server = service.history(Viewer.instructor(student + 1), student, "senti", "test").get(0);
        }
        assertThat(server.status()).isEqualTo(SubmissionStatus.GRADED);
        assertThat(server.publicScore()).isNotEqualTo(server.privateScore()); // the split matters to this file
        assertThat(checked.outcome().score().publicScore()).isEqualTo(server.publicScore());
        assertThat(checked.outcome().score().privateScore()).isEqualTo(server.privateScore());
        assertThat(checked.outcome().score().overall()).isEqualTo(server.overallScore());
        assertThat(checked.outcome().reported().get("accuracy").publicScore()).isEqualTo(server.reported().get(0).publicScore());

        Run r = run(new LabCommand(), "check", "senti", "--predictions", file.toString(), "--course", course.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("senti/test: 30 items, " + checked.publicItems() + " public")
                .contains(String.format(Locale.ROOT, "macro_f1 %8.4f %8.4f %8.4f", server.publicScore(), server.privateScore(), server.overallScore()).replace("macro_f1 ", "macro_f1       "));

        Files.writeString(file, "id,prediction\nr0,pos\nr0,neg\n");
        Run bad = run(new LabCommand(), "check", "senti", "--predictions", file.toString(), "--course", course.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("would be refused").contains("line 3: duplicate id");
    }
}
