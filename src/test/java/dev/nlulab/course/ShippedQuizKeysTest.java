package dev.nlulab.course;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Quiz keys of the shipped lessons at their edges: what a student who is right must get credit for, and no more. */
class ShippedQuizKeysTest {
    private static Course course;
    private final QuizGrader grader = new QuizGrader();

    @BeforeAll
    static void load() {
        course = CourseLoader.load(ShippedLesson.DIR, new LessonMarkdown());
    }

    private boolean right(String lessonId, String question, String answer) {
        Lesson lesson = course.lesson(lessonId).orElseThrow(() -> new AssertionError("no lesson " + lessonId));
        return grader.grade(lesson.question(question).orElseThrow(), List.of(answer)).correct();
    }

    @Test
    void mrrAtTenAcceptsBothRoundingsOfTheExactValue() {
        // (1/2 + 1 + 1/4 + 0) / 4 = 0.4375: "three decimals" is 0.437 (half to even) or 0.438 (half up)
        String lesson = "retrieval/04-evaluating-retrieval";
        assertThat(right(lesson, "mrr-value", "0.437")).isTrue();
        assertThat(right(lesson, "mrr-value", "0.438")).isTrue();
        assertThat(right(lesson, "mrr-value", "0.4375")).isTrue();
        assertThat(right(lesson, "mrr-value", "0.436")).isFalse();
        assertThat(right(lesson, "mrr-value", "0.44")).isFalse();
    }

    @Test
    void aTwoWordAnswerIsNotGivenForOneWord() {
        String lesson = "prompting/03-self-consistency-and-auto-cot";
        assertThat(right(lesson, "assumption", "task label")).isTrue();
        assertThat(right(lesson, "assumption", "Data set")).isTrue();
        assertThat(right(lesson, "assumption", "task")).isFalse();
        assertThat(right(lesson, "assumption", "dataset")).isFalse();
    }
}
