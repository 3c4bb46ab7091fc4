package dev.nlulab.course;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizGraderTest {
    private static Lesson tokenization;
    private static Lesson bm25;
    private final QuizGrader grader = new QuizGrader();

    @BeforeAll
    static void load() {
        Course course = CourseLoader.load(CourseFixtures.dir("good"), new LessonMarkdown());
        tokenization = course.lesson("representations/01-tokenization").orElseThrow();
        bm25 = course.lesson("retrieval/01-bm25").orElseThrow();
    }

    private QuizResult grade(Lesson lesson, String questionId, String... values) {
        return grader.grade(lesson.question(questionId).orElseThrow(), List.of(values));
    }

    @Test
    void singleChoiceIsRightOnlyForTheKeyIndex() {
        QuizResult right = grade(tokenization, "q-merge", "1");
        assertThat(right.correct()).isTrue();
        assertThat(QuizGrader.correctAnswerHtml(tokenization.question("q-merge").orElseThrow())).isEqualTo("The most frequent pair");
        assertThat(grade(tokenization, "q-merge", "0").correct()).isFalse();
    }

    @Test
    void multipleChoiceNeedsTheExactSet() {
        assertThat(grade(tokenization, "q-units", "1", "0").correct()).isTrue();
        assertThat(grade(tokenization, "q-units", "0").correct()).isFalse();
        assertThat(grade(tokenization, "q-units", "0", "1", "2").correct()).isFalse();
        assertThat(grade(tokenization, "q-units", "1", "0").answer()).isEqualTo("0,1");
    }

    @Test
    void numericAcceptsAnythingWithinTheTolerance() {
        assertThat(grade(bm25, "idf", "2.30").correct()).isTrue();
        assertThat(grade(bm25, "idf", "2.31").correct()).isTrue();
        assertThat(grade(bm25, "idf", "2.32").correct()).isFalse();
        assertThat(grade(tokenization, "q-count", "2").correct()).isTrue();
        assertThat(grade(tokenization, "q-count", "2.0001").correct()).isFalse();
        assertThat(QuizGrader.correctAnswerHtml(bm25.question("idf").orElseThrow())).isEqualTo("2.302585 ± 0.01");
    }

    @Test
    void aDecimalCommaIsADecimalPoint() {
        assertThat(grade(bm25, "idf", "2,30").correct()).isTrue();
        assertThat(grade(bm25, "idf", "2,32").correct()).isFalse();
        assertThat(grade(bm25, "idf", " 2,302585 ").correct()).isTrue();
        assertThatThrownBy(() -> grade(bm25, "idf", "2,3,0")).isInstanceOf(QuizGrader.BadAnswerException.class);
        assertThatThrownBy(() -> grade(bm25, "idf", "2.3,0")).isInstanceOf(QuizGrader.BadAnswerException.class);
    }

    @Test
    void messagesNameAQuestionByItsNumberInTheLesson() {
        assertThatThrownBy(() -> grade(tokenization, "q-count", "lots")).hasMessageStartingWith("Question 3:").hasMessageNotContaining("q-count");
        assertThat(tokenization.questions()).extracting(QuizQuestion::position).containsExactly(1, 2, 3, 4);
    }

    @Test
    void textIsComparedWithoutCasePunctuationOrExtraSpace() {
        assertThat(grade(tokenization, "q-name", "  BYTE. ").correct()).isTrue();
        assertThat(grade(tokenization, "q-name", "bytes!").correct()).isTrue();
        assertThat(grade(tokenization, "q-name", "bite").correct()).isFalse();
        assertThat(QuizGrader.normalize("Byte-Pair   Encoding!")).isEqualTo("byte pair encoding");
    }

    @Test
    void unreadableAnswersAreRefusedNotGraded() {
        assertThatThrownBy(() -> grade(bm25, "idf", "two")).isInstanceOf(QuizGrader.BadAnswerException.class)
                .hasMessageContaining("'two' is not a number");
        assertThatThrownBy(() -> grade(tokenization, "q-merge", "7")).isInstanceOf(QuizGrader.BadAnswerException.class);
        assertThatThrownBy(() -> grade(tokenization, "q-merge")).isInstanceOf(QuizGrader.BadAnswerException.class);
    }

    @Test
    void theRenderedPageHoldsNeitherAnswersNorExplanations() {
        String html = tokenization.html();
        String quiz = html.substring(html.indexOf("<div class=\"quiz-block\">"), html.indexOf("<div class=\"demo\""));
        assertThat(html).doesNotContain("greedy").doesNotContain("whole words").doesNotContain("compression");
        assertThat(quiz).contains("data-question=\"q-merge\"").contains("type=\"radio\"").contains("type=\"checkbox\"")
                .doesNotContain("greedy").doesNotContain("whole words").doesNotContain("compression")
                .doesNotContain("checked").doesNotContain("Byte,").doesNotContain("data-answer");
        assertThat(bm25.html()).doesNotContain("secret-explanation-marker").doesNotContain("2.302585");
        assertThat(bm25.text()).doesNotContain("secret-explanation-marker");
    }

    @Test
    void quizFormsCarryLessonQuestionAndType() {
        assertThat(tokenization.html())
                .contains("<form class=\"quiz\" data-lesson=\"representations/01-tokenization\" data-question=\"q-count\" data-type=\"numeric\">")
                .contains("<span class=\"math-inline\">\\text{the cat}</span>");
    }
}
