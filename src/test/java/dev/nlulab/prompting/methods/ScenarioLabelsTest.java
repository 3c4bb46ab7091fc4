package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.tasks.Scenario;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Meta-CoT's clean-up of an identification answer (the reference's type_cleansing), on hand-made answers. */
class ScenarioLabelsTest {
    @Test
    void aLabelIsFoundInAnyCaseWithOrWithoutBrackets() {
        assertThat(ScenarioLabels.clean("<arithmetic, short-answer>")).contains(Scenario.ARITHMETIC_SHORT);
        assertThat(ScenarioLabels.clean(" Arithmetic, Multiple-Choice.")).contains(Scenario.ARITHMETIC_CHOICE);
        assertThat(ScenarioLabels.clean("Scenario: <Arithmetic,short-answer>")).contains(Scenario.ARITHMETIC_SHORT);
        assertThat(ScenarioLabels.clean("symbolic yes-no")).contains(Scenario.SYMBOLIC_YES_NO);
    }

    @Test
    void aPairOutsideTheSixOrAFormSpelledOtherwiseIsUndefined() {
        assertThat(ScenarioLabels.clean("<commonsense, short-answer>")).isEmpty(); // the out-of-distribution weekday family's pair
        assertThat(ScenarioLabels.clean("<symbolic, multiple-choice>")).isEmpty();
        assertThat(ScenarioLabels.clean("<symbolic, yes/no>")).isEmpty();
        assertThat(ScenarioLabels.clean("arithmetic multiple choice")).isEmpty();
        assertThat(ScenarioLabels.clean(" Ruby starts with 21 cookies. The answer is 2.")).isEmpty();
        assertThat(ScenarioLabels.clean("")).isEmpty();
    }

    @Test
    void theFirstCategoryAndTheFirstFormAreTakenEachOnItsOwn() {
        assertThat(ScenarioLabels.clean("It is <commonsense, yes-no>, not <arithmetic, short-answer>")).contains(Scenario.COMMONSENSE_YES_NO);
        // first form yes-no, first category arithmetic: a pair that is not one of the six, so a later valid label does not rescue it
        assertThat(ScenarioLabels.clean("yes-no, arithmetic? no: <arithmetic, short-answer>")).isEqualTo(Optional.empty());
    }

    @Test
    void theRetryListsTheSixScenarios() {
        assertThat(ScenarioLabels.options()).isEqualTo("<arithmetic, short-answer>, <arithmetic, multiple-choice>, "
                + "<commonsense, multiple-choice>, <commonsense, yes-no>, <symbolic, short-answer>, <symbolic, yes-no>");
    }
}
