package dev.nlulab.prompting.got.sorting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sorting example's error score against values computed by hand from the reference's num_errors. */
class SortingErrorsTest {
    private static Map<String, String> state(String original, String current) {
        return Map.of(SortingState.ORIGINAL, original, SortingState.CURRENT, current);
    }

    @Test
    void countMismatchesPerDigitPlusAdjacentInversions() {
        // one 9 missing, 5 > 4 out of order
        assertThat(SortingErrors.of(state("3 1 4 1 5 9 2 6", "1 1 2 3 5 4 6"))).isEqualTo(2);
        // right digits, 4 > 3 and 3 > 1 out of order
        assertThat(SortingErrors.of(state("3 1 4 1", "4 3 1 1"))).isEqualTo(2);
        // one 4 too many
        assertThat(SortingErrors.of(state("3 1 4 1", "1 1 3 4 4"))).isEqualTo(1);
        // the list as it came: 7 descents
        assertThat(SortingErrors.of(state("9 8 7 6 5 4 3 2", "9 8 7 6 5 4 3 2"))).isEqualTo(7);
        assertThat(SortingErrors.of(state("3 1 4 1", "1 1 3 4"))).isZero();
    }

    @Test
    void aListThatCannotBeReadScoresThreeHundred() {
        assertThat(SortingErrors.of(state("3 1 4 1", ""))).isEqualTo(300);
        assertThat(SortingErrors.of(state("3 1 4 1", "1 one 3 4"))).isEqualTo(300);
    }

    @Test
    void aPartIsScoredAgainstItsOwnSublist() {
        Map<String, String> part = Map.of(SortingState.ORIGINAL, "3 1 4 1 5 9 2 6", SortingState.SUBLIST, "5 9 2 6", SortingState.CURRENT, "2 5 6 9");
        assertThat(SortingErrors.of(part)).isZero();
        assertThat(SortingErrors.solved(part)).isFalse(); // solving means the whole original sorted
        assertThat(SortingErrors.solved(state("3 1 4 1", "1 1 3 4"))).isTrue();
    }

    @Test
    void theParserReadsTheCourseModelsSortAnswer() {
        assertThat(SortingParser.list(" There are 4 digits. From smallest to largest they are 1, 1, 3, 4. The answer is 1 1 3 4.")).isEqualTo("1 1 3 4");
        assertThat(SortingParser.list(" There are 4 digits. From smallest to largest they are 1, 1, 3, 4.")).isEqualTo("1 1 3 4");
        assertThat(SortingParser.list(" I like digits.")).isEmpty();
    }
}
