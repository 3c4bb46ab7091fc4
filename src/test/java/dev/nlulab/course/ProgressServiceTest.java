package dev.nlulab.course;

import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgressServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static Course course;
    private static Lesson tokenization;
    private static Lesson attention;
    private static Lesson bm25;
    private final QuizGrader grader = new QuizGrader();

    @BeforeAll
    static void setUp() {
        course = CourseLoader.load(CourseFixtures.dir("good"), new LessonMarkdown());
        tokenization = course.lesson("representations/01-tokenization").orElseThrow();
        attention = course.lesson("representations/02-attention").orElseThrow();
        bm25 = course.lesson("retrieval/01-bm25").orElseThrow();
    }

    /** Fresh databases for each test (H2, and PostgreSQL when configured); JUnit closes them after it. */
    static List<Database> databases() {
        return TestDatabases.all();
    }

    private static long user(Database db, String email) {
        return db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (email, display_name, role, created_at) "
                        + "VALUES (:e, :e, 'student', :t)")
                .bind("e", email).bind("t", OffsetDateTime.ofInstant(T0, ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private LessonProgress answer(ProgressService p, long user, Lesson lesson, String question, String... values) {
        return p.recordAttempt(user, lesson, grader.grade(lesson.question(question).orElseThrow(), List.of(values)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void lessonProgressCountsQuestionsAnsweredCorrectlyAtLeastOnce(Database db) {
        ProgressService p = new ProgressService(db.jdbi(), Clock.fixed(T0, ZoneOffset.UTC));
        long ada = user(db, "ada-" + db.hashCode() + "@example.org");
        assertThat(p.lessonProgress(ada, tokenization)).isEqualTo(new LessonProgress(tokenization.id(), 0, 4, null, null));

        p.recordVisit(ada, tokenization);
        answer(p, ada, tokenization, "q-merge", "0");
        LessonProgress after = answer(p, ada, tokenization, "q-merge", "1");
        answer(p, ada, tokenization, "q-merge", "0");                 // a later wrong attempt does not undo it
        answer(p, ada, tokenization, "q-units", "0", "1");
        assertThat(after.correct()).isEqualTo(1);
        LessonProgress now = p.lessonProgress(ada, tokenization);
        assertThat(now.correct()).isEqualTo(2);
        assertThat(now.total()).isEqualTo(4);
        assertThat(now.visitedAt()).isEqualTo(T0);
        assertThat(now.completed()).isFalse();
        assertThat(p.questionStates(ada, tokenization)).hasEntrySatisfying("q-merge", s -> assertThat(s.correct()).isTrue())
                .hasEntrySatisfying("q-units", s -> assertThat(s.correct()).isTrue()).hasSize(2);

        answer(p, ada, tokenization, "q-count", "2");
        LessonProgress done = answer(p, ada, tokenization, "q-name", "byte");
        assertThat(done.completed()).isTrue();
        assertThat(done.completedAt()).isEqualTo(T0);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void moduleAndClassProgressSumOverLessons(Database db) {
        ProgressService p = new ProgressService(db.jdbi(), Clock.fixed(T0, ZoneOffset.UTC));
        long ada = user(db, "ada2-" + db.hashCode() + "@example.org");
        long bob = user(db, "bob2-" + db.hashCode() + "@example.org");
        long idle = user(db, "idle2-" + db.hashCode() + "@example.org");
        answer(p, ada, tokenization, "q-merge", "1");
        p.recordVisit(ada, attention);                                // no questions: visiting completes it
        answer(p, ada, bm25, "idf", "2.3");
        answer(p, bob, bm25, "idf", "5");

        assertThat(p.courseProgress(ada, course)).containsExactly(
                new ModuleProgress("representations", 1, 2, 1, 4),
                new ModuleProgress("retrieval", 1, 1, 1, 1));

        List<StudentProgress> rows = p.classProgress(List.of(bob, ada, idle), course);
        assertThat(rows).extracting(StudentProgress::userId).containsExactly(bob, ada, idle);
        assertThat(rows.get(0).correct()).isZero();
        assertThat(rows.get(0).total()).isEqualTo(5);
        assertThat(rows.get(1).correct()).isEqualTo(2);
        assertThat(rows.get(1).lessonsCompleted()).isEqualTo(2);
        assertThat(rows.get(1).lastActive()).isEqualTo(T0);
        assertThat(rows.get(2).lastActive()).isNull();
        assertThat(rows.get(2).modules()).allMatch(m -> m.correct() == 0 && m.lessonsCompleted() == 0);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void lastActiveCountsWhatStudentsDoOutsideTheLessonsToo(Database db) {
        Instant t1 = T0.plusSeconds(3600);
        long ada = user(db, "ada3-" + db.hashCode() + "@example.org");   // read a lesson, then handed in a lab file
        long bob = user(db, "bob3-" + db.hashCode() + "@example.org");   // only handed in a lab file
        long cy = user(db, "cy3-" + db.hashCode() + "@example.org");     // handed in a lab file, then read a lesson
        long idle = user(db, "idle3-" + db.hashCode() + "@example.org");
        Map<Long, Instant> labs = Map.of(ada, t1, bob, t1, cy, T0.minusSeconds(60));
        ProgressService p = new ProgressService(db.jdbi(), Clock.fixed(T0, ZoneOffset.UTC), ids -> {
            Map<Long, Instant> asked = new java.util.HashMap<>(labs);
            asked.keySet().retainAll(ids);
            return asked;
        });
        p.recordVisit(ada, tokenization);
        p.recordVisit(cy, tokenization);
        assertThat(p.classProgress(List.of(ada, bob, cy, idle), course)).extracting(StudentProgress::lastActive)
                .containsExactly(t1, t1, T0, null);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void questionStatsCountEachStudentsFirstTry(Database db) {
        ProgressService p = new ProgressService(db.jdbi());
        long ada = user(db, "ada3-" + db.hashCode() + "@example.org");
        long bob = user(db, "bob3-" + db.hashCode() + "@example.org");
        long cy = user(db, "cy3-" + db.hashCode() + "@example.org");
        answer(p, ada, tokenization, "q-merge", "0");
        answer(p, ada, tokenization, "q-merge", "1");
        answer(p, ada, tokenization, "q-merge", "1");
        answer(p, bob, tokenization, "q-merge", "1");
        answer(p, bob, tokenization, "q-merge", "0");
        p.recordReveal(cy, tokenization, "q-merge");               // shown the key, then right: not right first
        answer(p, cy, tokenization, "q-merge", "1");
        answer(p, bob, tokenization, "q-name", "bite");

        List<QuestionStats> stats = p.questionStats(tokenization);
        assertThat(stats).extracting(QuestionStats::questionId).containsExactly("q-merge", "q-units", "q-count", "q-name");
        assertThat(stats).extracting(QuestionStats::position).containsExactly(1, 2, 3, 4);
        QuestionStats merge = stats.get(0);
        assertThat(merge.attempts()).isEqualTo(6);
        assertThat(merge.students()).isEqualTo(3);
        assertThat(merge.firstTryCorrect()).isEqualTo(1);
        assertThat(merge.studentsCorrect()).isEqualTo(3);
        assertThat(merge.revealed()).isEqualTo(1);
        assertThat(merge.firstTryRate()).isEqualTo(1.0 / 3);
        assertThat(stats.get(1).attempts()).isZero();
        assertThat(stats.get(3).firstTryRate()).isZero();
        assertThat(stats.get(3).students()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStudentsQuestionStateIsTheirLastAnswerAndWhetherTheKeyIsTheirs(Database db) {
        ProgressService p = new ProgressService(db.jdbi());
        long ada = user(db, "ada5-" + db.hashCode() + "@example.org");
        answer(p, ada, tokenization, "q-merge", "0");
        answer(p, ada, tokenization, "q-units", "0", "1");
        answer(p, ada, tokenization, "q-units", "2");              // a later wrong answer keeps the right one shown
        p.recordReveal(ada, tokenization, "q-count");
        var states = p.questionStates(ada, tokenization);
        assertThat(states.get("q-merge")).isEqualTo(new QuestionState("0", true, false, false));
        assertThat(states.get("q-units")).isEqualTo(new QuestionState("0,1", true, true, false));
        assertThat(states.get("q-count")).isEqualTo(new QuestionState(null, false, false, true));
        assertThat(states.get("q-count").showsKey()).isTrue();
        assertThat(states.get("q-merge").showsKey()).isFalse();
        assertThat(states).doesNotContainKey("q-name");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anAttemptAtAQuestionTheLessonDoesNotHaveIsRefused(Database db) {
        ProgressService p = new ProgressService(db.jdbi());
        long ada = user(db, "ada4-" + db.hashCode() + "@example.org");
        assertThatThrownBy(() -> p.recordAttempt(ada, bm25, new QuizResult("q-merge", true, "1")))
                .hasMessageContaining("has no question q-merge");
    }
}
