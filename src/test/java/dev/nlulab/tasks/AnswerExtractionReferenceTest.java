package dev.nlulab.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.tasks.AnswerExtractor.Rule;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tricky completions, each with the answer the references' {@code answer_cleansing} gives (computed by hand
 * from its rules: split on "The answer is", candidates by form, first after the trigger else last, a trailing
 * period dropped). Where the project reads text answers differently (the rest of the line, spaces kept), the
 * expected value is the project's, and the comment says what the reference returns.
 */
class AnswerExtractionReferenceTest {
    private static final Scenario NUMBER = Scenario.ARITHMETIC_SHORT, CHOICE = Scenario.ARITHMETIC_CHOICE,
            YES_NO = Scenario.COMMONSENSE_YES_NO, TEXT = Scenario.SYMBOLIC_SHORT;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(NUMBER, Rule.SPLIT, "So she has 1,234 apples. The answer is 1,234.", "1234"),
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is 3.5.", "3.5"),
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is $1,000.00.", "1000.00"),
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is -7 degrees.", "-7"),
                Arguments.of(NUMBER, Rule.SPLIT, "10 - 3 = 7. The answer is 10-3=7.", "10"),
                Arguments.of(NUMBER, Rule.SPLIT, "He had 5 apples and bought 3 more, so 8.", "8"),
                Arguments.of(NUMBER, Rule.SPLIT, "So the answer is 5 and 3 were left.", "3"), // lower-case "the": no trigger
                Arguments.of(NUMBER, Rule.SPLIT, "He has 8. The answer is 8. The answer is 9.", "9"),
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is eight.", ""),
                Arguments.of(NUMBER, Rule.SPLIT, "2 + 3 = 5 The answer is", ""), // trigger with nothing after: no fallback to before it
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is .5", "5"),
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is 1/2.", "1"),
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is 1e3.", "1"),
                Arguments.of(NUMBER, Rule.SPLIT, "The answer is 7.\n\nQ: Tom has 3 pens.", "7"),
                Arguments.of(NUMBER, Rule.SPLIT, "", ""),
                Arguments.of(NUMBER, Rule.FIRST, " 1,500 dollars, or 15 hundred.", "1500"),
                Arguments.of(CHOICE, Rule.SPLIT, "42 is choice C. The answer is C.", "C"),
                Arguments.of(CHOICE, Rule.SPLIT, "The answer is (B).", "B"),
                Arguments.of(CHOICE, Rule.SPLIT, "The answer is Dog (C).", "D"), // a capital inside a word counts
                Arguments.of(CHOICE, Rule.SPLIT, "The answer is (b).", ""),
                Arguments.of(CHOICE, Rule.SPLIT, "So the right choice is (D) 18 and not (A).", "A"),
                Arguments.of(CHOICE, Rule.SPLIT, "Among A through E, the answer is E or B.", "B"),
                Arguments.of(CHOICE, Rule.SPLIT, "The answer is 42.", ""),
                Arguments.of(CHOICE, Rule.FIRST, " Because of (C).", "B"), // Kojima's stage-2 trap
                Arguments.of(CHOICE, Rule.FIRST, " E. But A is also possible.", "E"),
                Arguments.of(YES_NO, Rule.SPLIT, "The answer is Yes.", "yes"),
                Arguments.of(YES_NO, Rule.SPLIT, "The answer is no, it is not.", "no"),
                Arguments.of(YES_NO, Rule.SPLIT, "The coin was flipped, so no. It is not heads up, yes?", "no"), // "yes?" is no token
                Arguments.of(YES_NO, Rule.SPLIT, "The answer is:yes", "yes"),
                Arguments.of(YES_NO, Rule.SPLIT, "The answer is yes-no", ""),
                Arguments.of(YES_NO, Rule.SPLIT, "Nobody knows, yes.", "yes"),
                Arguments.of(YES_NO, Rule.SPLIT, "The answer is unknown.", ""),
                Arguments.of(TEXT, Rule.SPLIT, "The answer is \"nk\".", "nk"),
                Arguments.of(TEXT, Rule.SPLIT, "The answer is n k.", "n k"), // reference "nk"; equal under matches()
                Arguments.of(TEXT, Rule.SPLIT, "The answer is nk.\n\nQ: Take the last letters", "nk"), // reference glues the next question on
                Arguments.of(TEXT, Rule.SPLIT, "Concatenating them is \"nk\".", "Concatenating them is nk"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}: \"{2}\" -> \"{3}\"")
    @MethodSource("cases")
    void extractsWhatTheReferenceCleansingDoes(Scenario scenario, Rule rule, String completion, String expected) {
        assertThat(AnswerExtractor.extract(scenario, completion, rule)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" matches gold \"{1}\"")
    @MethodSource("lenientMatches")
    void theProjectComparesMoreLenientlyThanStringEquality(Scenario scenario, String completion, String gold) {
        assertThat(AnswerExtractor.matches(scenario, AnswerExtractor.extract(scenario, completion), gold)).isTrue();
        assertThat(AnswerExtractor.canonical(AnswerExtractor.extract(scenario, completion))).isEqualTo(AnswerExtractor.canonical(gold));
    }

    static Stream<Arguments> lenientMatches() {
        return Stream.of(
                Arguments.of(NUMBER, "The answer is 12.0", "12"), // reference: "12.0" != "12"
                Arguments.of(NUMBER, "The answer is $1,000.00.", "1000"),
                Arguments.of(TEXT, "The answer is n k.", "nk"),
                Arguments.of(TEXT, "The answer is 1 1 3 4.", "1 1 3 4"));
    }
}
