package dev.nlulab.course;

import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lesson renamed with an alias keeps its students' progress and quiz answers: the catalog moves their rows
 * when it loads the renamed files, on the real database (H2, and PostgreSQL under bin/test).
 */
class LessonRenamesTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);
    private static final String OLD = "representations/01-tokenization";
    private static final String NEW = "representations/03-tokens";
    private final QuizGrader grader = new QuizGrader();
    @TempDir
    Path tmp;
    /** A copy of the good course, and its tokenization lesson as students first saw it. */
    private Path dir;
    private Lesson before;

    @BeforeEach
    void copyCourse() {
        dir = CourseFixtures.copy("good", tmp);
        before = LessonValidator.load(dir).lesson(OLD).orElseThrow();
    }

    static List<Database> databases() {
        return TestDatabases.all();
    }

    private static long user(Database db, String name) {
        return db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (email, display_name, role, created_at) "
                        + "VALUES (:e, :e, 'student', :t)")
                .bind("e", name + "-" + db.hashCode() + "@example.org").bind("t", OffsetDateTime.ofInstant(T0, ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private void answer(ProgressService p, long user, Lesson lesson, String question, String... values) {
        p.recordAttempt(user, lesson, grader.grade(lesson.question(question).orElseThrow(), List.of(values)));
    }

    /** The author's rename: the file gets a new number and slug, and its front matter the old id (or not). */
    private void rename(String frontMatterLine) throws IOException {
        Path old = dir.resolve(OLD + ".md");
        Files.writeString(dir.resolve(NEW + ".md"), Files.readString(old).replaceFirst("---\n", "---\n" + frontMatterLine + "\n"));
        Files.delete(old);
    }

    private static int rowsUnder(Database db, String lessonId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT (SELECT COUNT(*) FROM quiz_attempts WHERE lesson_id = :l) "
                + "+ (SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = :l)").bind("l", lessonId).mapTo(Integer.class).one());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void progressAndQuizAnswersFollowARenamedLesson(Database db) throws IOException {
        ProgressService atT0 = new ProgressService(db.jdbi(), Clock.fixed(T0, ZoneOffset.UTC));
        ProgressService atT1 = new ProgressService(db.jdbi(), Clock.fixed(T1, ZoneOffset.UTC));
        long ada = user(db, "ada");
        long cy = user(db, "cy");
        answer(atT0, ada, before, "q-merge", "1");
        answer(atT0, ada, before, "q-units", "0");
        atT0.recordReveal(ada, before, "q-count");
        answer(atT0, cy, before, "q-merge", "1");
        answer(atT0, cy, before, "q-units", "0", "1");
        answer(atT0, cy, before, "q-count", "2");
        answer(atT0, cy, before, "q-name", "byte");

        rename("aliases: [" + OLD + "]");
        // cy opens the renamed lesson through a server that has not moved the rows yet: two rows to merge
        Lesson renamedEarly = LessonValidator.load(dir).lesson(NEW).orElseThrow();
        atT1.recordVisit(cy, renamedEarly);

        LessonRenames renames = new LessonRenames(db.jdbi());
        LessonCatalog catalog = new LessonCatalog(dir, Duration.ZERO, renames);
        Lesson after = catalog.lesson(NEW).orElseThrow();
        assertThat(rowsUnder(db, OLD)).isZero();

        LessonProgress adas = atT0.lessonProgress(ada, after);
        assertThat(adas.correct()).isEqualTo(1);
        assertThat(adas.visitedAt()).isEqualTo(T0);
        assertThat(atT0.questionStates(ada, after)).containsOnlyKeys("q-merge", "q-units", "q-count")
                .hasEntrySatisfying("q-merge", s -> assertThat(s.correct()).isTrue())
                .hasEntrySatisfying("q-units", s -> assertThat(s.answer()).isEqualTo("0"))
                .hasEntrySatisfying("q-count", s -> assertThat(s.revealed()).isTrue());
        LessonProgress cys = atT0.lessonProgress(cy, after);
        assertThat(cys.correct()).isEqualTo(4);
        assertThat(cys.visitedAt()).as("the later visit").isEqualTo(T1);
        assertThat(cys.completedAt()).as("the earlier completion").isEqualTo(T0);
        assertThat(atT0.questionStats(after)).filteredOn(s -> s.questionId().equals("q-merge")).singleElement()
                .satisfies(s -> assertThat(s.students()).isEqualTo(2));
        assertThat(catalog.problems()).noneMatch(p -> p.message().contains("progress in it"));

        assertThat(renames.move(catalog.course().aliases())).as("a second server finds nothing left to move").isZero();
        assertThat(atT0.lessonProgress(cy, after)).isEqualTo(cys);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoServersMovingAtOnceMoveEachRowOnce(Database db) throws Exception {
        ProgressService atT0 = new ProgressService(db.jdbi(), Clock.fixed(T0, ZoneOffset.UTC));
        ProgressService atT1 = new ProgressService(db.jdbi(), Clock.fixed(T1, ZoneOffset.UTC));
        List<Long> students = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long u = user(db, "s" + i);
            students.add(u);
            answer(atT0, u, before, "q-merge", "1");
        }
        rename("aliases: [" + OLD + "]");
        Lesson after = LessonValidator.load(dir).lesson(NEW).orElseThrow();
        for (long u : students.subList(0, 20)) atT1.recordVisit(u, after);      // half have a row under both ids

        Map<String, String> aliases = Map.of(OLD, NEW);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) runs.add(pool.submit(() -> {
                start.await();
                return new LessonRenames(db.jdbi()).move(aliases);
            }));
            start.countDown();
            int moved = runs.get(0).get() + runs.get(1).get();
            assertThat(moved).as("40 attempts and 40 progress rows, each moved by one of the two").isEqualTo(80);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowsUnder(db, OLD)).isZero();
        assertThat(rowsUnder(db, NEW)).isEqualTo(80);
        for (int i = 0; i < students.size(); i++) {
            LessonProgress p = atT0.lessonProgress(students.get(i), after);
            assertThat(p.correct()).isEqualTo(1);
            assertThat(p.visitedAt()).isEqualTo(i < 20 ? T1 : T0);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLessonIdWithProgressThatNoLessonOwnsIsWarnedOf(Database db) throws IOException {
        ProgressService p = new ProgressService(db.jdbi(), Clock.fixed(T0, ZoneOffset.UTC));
        p.recordVisit(user(db, "ada"), before);
        p.recordVisit(user(db, "bob"), before);
        LessonCatalog catalog = new LessonCatalog(dir, Duration.ZERO, new LessonRenames(db.jdbi()));
        assertThat(catalog.problems()).isEmpty();

        rename("# renamed without an alias");
        assertThat(catalog.problems()).anySatisfy(problem -> {
            assertThat(problem.isError()).isFalse();
            assertThat(problem.file()).isEqualTo(dir.toAbsolutePath().normalize().resolve(OLD + ".md"));
            assertThat(problem.message()).contains("no lesson " + OLD, "2 students have progress", "aliases: [" + OLD + "]");
        });
        assertThat(rowsUnder(db, OLD)).as("nothing is deleted").isEqualTo(2);
    }
}
