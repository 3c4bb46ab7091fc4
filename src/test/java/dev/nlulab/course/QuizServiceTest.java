package dev.nlulab.course;

import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizServiceTest {
    private final Database db = TestDatabases.h2();
    private static final LessonCatalog catalog = LessonCatalog.open(CourseFixtures.dir("good"));
    private final ProgressService progress = new ProgressService(db.jdbi());
    private final QuizService quizzes = new QuizService(catalog, progress, new QuizGrader());
    private final long student = db.jdbi().withHandle(h -> h.createUpdate(
                    "INSERT INTO users (email, display_name, role, created_at) VALUES ('s@example.org', 'S', 'student', :t)")
            .bind("t", OffsetDateTime.now()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void gradesRecordsAndReturnsTheNewProgress() {
        QuizService.Outcome a = quizzes.answer(student, "retrieval/01-bm25", "idf", List.of("2.3"));
        assertThat(a.correct()).isTrue();
        assertThat(a.progress().completed()).isTrue();
        assertThat(progress.questionStats(catalog.lesson("retrieval/01-bm25").orElseThrow()).get(0).attempts()).isEqualTo(1);
    }

    @Test
    void unknownLessonsAndQuestionsAndUnreadableAnswersRecordNothing() {
        assertThatThrownBy(() -> quizzes.answer(student, "retrieval/09-none", "idf", List.of("1")))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> quizzes.answer(student, "retrieval/01-bm25", "nope", List.of("1")))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> quizzes.answer(student, "retrieval/01-bm25", "idf", List.of("lots")))
                .isInstanceOf(QuizGrader.BadAnswerException.class);
        assertThat(progress.questionStats(catalog.lesson("retrieval/01-bm25").orElseThrow()).get(0).attempts()).isZero();
    }
}
