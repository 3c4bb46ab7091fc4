package dev.nlulab.course;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Quiz keys of the shipped lessons at their edges: what a student who is right must get credit for, and no more. */
class ShippedQuizKeysTest {

    @Test
    void mrrAtTenAcceptsBothRoundingsOfTheExactValue() {
        // (1/2 + 1 + 1/4 + 0) / 4 = 0.4375: "three decimals" is 0.437 (half to even) or 0.438 (half up)
        ShippedLesson lesson = ShippedLesson.of("retrieval/04-evaluating-retrieval");
        assertThat(lesson.accepts("mrr-value", "0.437")).isTrue();
        assertThat(lesson.accepts("mrr-value", "0.438")).isTrue();
        assertThat(lesson.accepts("mrr-value", "0.4375")).isTrue();
        assertThat(lesson.accepts("mrr-value", "0.436")).isFalse();
        assertThat(lesson.accepts("mrr-value", "0.44")).isFalse();
    }

    @Test
    void aTwoWordAnswerIsNotGivenForOneWord() {
        ShippedLesson lesson = ShippedLesson.of("prompting/03-self-consistency-and-auto-cot");
        assertThat(lesson.accepts("assumption", "task label")).isTrue();
        assertThat(lesson.accepts("assumption", "Data set")).isTrue();
        assertThat(lesson.accepts("assumption", "task")).isFalse();
        assertThat(lesson.accepts("assumption", "dataset")).isFalse();
    }
}
