package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.tasks.Scenario;
import org.junit.jupiter.api.Test;

/** The references' demonstration filters on hand-made pool questions and rationales. */
class DemoFiltersTest {
    private static final DemoFilters META_LINES = DemoFilters.metaCot(DemoFilters.StepCount.LINES);
    private static final DemoFilters META_SENTENCES = DemoFilters.metaCot(DemoFilters.StepCount.SENTENCES);

    private static Candidate c(String question, String rationale, String answer) {
        return new Candidate("p", question, rationale, answer);
    }

    @Test
    void aShortQuestionWithAShortRationaleEndingInAPeriodAndAnAnswerPasses() {
        assertThat(META_LINES.reject(c("Ann has 2 pens and buys 3. How many pens?", "2 + 3 = 5.", "5"), Scenario.ARITHMETIC_SHORT)).isEmpty();
    }

    @Test
    void sixtyWordsCountingQAndAPass_sixtyOneDoNot() {
        String q58 = "word ".repeat(58).strip(); // "Q:" + 58 words + "A:" = 60
        assertThat(META_LINES.reject(c(q58, "Yes.", "yes"), Scenario.COMMONSENSE_YES_NO)).isEmpty();
        assertThat(META_LINES.reject(c(q58 + " more", "Yes.", "yes"), Scenario.COMMONSENSE_YES_NO)).contains("question of 61 words > 60");
    }

    @Test
    void stepsAreLinesInTheReferenceAndSentencesForTheCourseModel() {
        String sixLines = "a.\nb.\nc.\n\nd.\ne.\nf.";
        assertThat(META_LINES.reject(c("Q?", sixLines, "1"), Scenario.ARITHMETIC_SHORT)).contains("rationale of 6 lines > 5");
        String sixSentencesOneLine = "One is 1. Two is 2. Three is 3. Four is 4. Five is 5. So 6.";
        assertThat(META_LINES.reject(c("Q?", sixSentencesOneLine, "6"), Scenario.ARITHMETIC_SHORT)).isEmpty();
        assertThat(META_SENTENCES.reject(c("Q?", sixSentencesOneLine, "6"), Scenario.ARITHMETIC_SHORT)).contains("rationale of 6 sentences > 5");
        // <symbolic, short-answer> allows 7
        assertThat(META_SENTENCES.reject(c("Q?", sixSentencesOneLine, "6"), Scenario.SYMBOLIC_SHORT)).isEmpty();
    }

    @Test
    void aRationaleCutOffBeforeItsPeriodOrWithoutAnAnswerIsRejected() {
        assertThat(META_LINES.reject(c("Q?", "Ann has 5 and then", "5"), Scenario.ARITHMETIC_SHORT)).contains("rationale does not end with '.'");
        assertThat(META_LINES.reject(c("Q?", "I do not know.", ""), Scenario.ARITHMETIC_SHORT)).contains("no answer");
    }

    @Test
    void theAnswerMustBeNearTheEndOnlyWhereTheReferenceAsksIt() {
        Candidate letterEarly = c("Q? Answer Choices: (A) 1 (B) 2", "B is 2. Then we add one more and one more and so on to reach the sum of them all. Done.", "B");
        // Meta-CoT asks it of <arithmetic, multiple-choice>: "B" is in neither the last sentence (" Done") nor the last 10 words
        assertThat(META_LINES.reject(letterEarly, Scenario.ARITHMETIC_CHOICE)).contains("answer B not in the rationale's last sentence or last 10 words");
        assertThat(META_LINES.reject(letterEarly, Scenario.COMMONSENSE_CHOICE)).isEmpty();
        // Auto-CoT asks it of arithmetic short answers instead
        Candidate numberEarly = c("Q?", "We get 6 from 2 times 3, and the rest of the words here are only padding for the test. Done.", "6");
        assertThat(DemoFilters.autoCot(DemoFilters.StepCount.LINES).reject(numberEarly, Scenario.ARITHMETIC_SHORT)).isPresent();
        assertThat(META_LINES.reject(numberEarly, Scenario.ARITHMETIC_SHORT)).isEmpty();
    }

    @Test
    void nearTheEndIsASubstringOfTheLastSentenceOrOneOfTheLastTenWords() {
        assertThat(DemoFilters.nearEnd("6", "He has 16 apples. So 16.")).isTrue(); // "6" inside "16": a substring, as in Python
        assertThat(DemoFilters.nearEnd("C", "It is C")).isTrue(); // no period: only the last-ten-words test can pass
        assertThat(DemoFilters.nearEnd("C", "It is C.")).isTrue();
        assertThat(DemoFilters.nearEnd("7", "It is 7. Then a b c d e f g h i j k.")).isFalse();
    }
}
