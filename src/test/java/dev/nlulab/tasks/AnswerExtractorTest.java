package dev.nlulab.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerExtractorTest {
    private static final Scenario NUMBER = Scenario.ARITHMETIC_SHORT;
    private static final Scenario CHOICE = Scenario.COMMONSENSE_CHOICE;
    private static final Scenario YES_NO = Scenario.SYMBOLIC_YES_NO;
    private static final Scenario TEXT = Scenario.SYMBOLIC_SHORT;

    @Test
    void numbersTakeTheFirstMatchAfterTheTriggerWithCommasRemoved() {
        assertThat(AnswerExtractor.extract(NUMBER, "5 + 7 = 12. The answer is 1,234 apples, not 99.")).isEqualTo("1234");
        assertThat(AnswerExtractor.extract(NUMBER, "So the answer is -3.5.")).isEqualTo("-3.5");
        assertThat(AnswerExtractor.extract(NUMBER, "The answer is 12.")).isEqualTo("12");
        // Only the part after the last trigger counts.
        assertThat(AnswerExtractor.extract(NUMBER, "The answer is 4. Wait. The answer is 5.")).isEqualTo("5");
    }

    @Test
    void withoutTheTriggerTheLastMatchCounts() {
        assertThat(AnswerExtractor.extract(NUMBER, "Ann has 5. She buys 3, so 5 + 3 = 8.")).isEqualTo("8");
        assertThat(AnswerExtractor.extract(CHOICE, "I think (B), or maybe (D)")).isEqualTo("D");
        assertThat(AnswerExtractor.extract(YES_NO, "Yes, it flips; so no.")).isEqualTo("no");
        assertThat(AnswerExtractor.extract(NUMBER, "no numbers here")).isEmpty();
    }

    @Test
    void multipleChoiceTakesALetterAToE() {
        assertThat(AnswerExtractor.extract(CHOICE, "The kitchen is choice C. The answer is (C) kitchen.")).isEqualTo("C");
        assertThat(AnswerExtractor.extract(CHOICE, "The answer is E.")).isEqualTo("E");
        assertThat(AnswerExtractor.extract(CHOICE, "The answer is f.")).isEmpty();
    }

    @Test
    void yesNoTakesWholeWordsOnly() {
        assertThat(AnswerExtractor.extract(YES_NO, "The answer is Yes.")).isEqualTo("yes");
        assertThat(AnswerExtractor.extract(YES_NO, "The answer is: no, it is not.")).isEqualTo("no");
        assertThat(AnswerExtractor.extract(YES_NO, "The answer is nobody knows.")).isEmpty();
    }

    @Test
    void textAnswersTakeTheRestOfTheLineWithoutQuotesOrPeriod() {
        assertThat(AnswerExtractor.extract(TEXT, "Concatenating them is \"nen\". The answer is \"nen\".\n\nQ: next")).isEqualTo("nen");
        assertThat(AnswerExtractor.extract(TEXT, "The answer is sun hat  cat.")).isEqualTo("sun hat cat");
    }

    @Test
    void exactMatchComparesNumbersByValueAndTextWithoutSpacesOrCase() {
        assertThat(AnswerExtractor.matches(NUMBER, "12.0", "12")).isTrue();
        assertThat(AnswerExtractor.matches(NUMBER, "12.5", "12")).isFalse();
        assertThat(AnswerExtractor.matches(NUMBER, "", "12")).isFalse();
        assertThat(AnswerExtractor.matches(TEXT, "sunhatcat", "sun hat cat")).isTrue();
        assertThat(AnswerExtractor.matches(Scenario.COMMONSENSE_SHORT, "friday", "Friday")).isTrue();
        assertThat(AnswerExtractor.matches(CHOICE, "B", "C")).isFalse();
    }
}
