package dev.nlulab.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFormatsTest {
    private static final TaskItem ADD = new TaskItem("addsub-test-00000", "addsub", Scenario.ARITHMETIC_SHORT,
            "Ann has 3 pens. Ann buys 4 more pens. How many pens does Ann have now?", List.of(),
            "Ann starts with 3 pens. Ann buys 4 more, so 3 + 4 = 7.", "7");
    private static final TaskItem PICK = new TaskItem("csqa-dev-00001", "csqa", Scenario.COMMONSENSE_CHOICE,
            "Where would you most likely find the thing you use to cut bread?",
            List.of("garden", "kitchen", "beach", "farm", "office"),
            "The thing you use to cut bread is a knife. A knife is usually kept in the kitchen. The kitchen is choice B.", "B");

    @Test
    void zeroShotAndZeroShotCotEndWithTheirTriggers() {
        assertThat(PromptFormats.zeroShot(ADD)).isEqualTo(
                "Q: Ann has 3 pens. Ann buys 4 more pens. How many pens does Ann have now?\nA: The answer is");
        assertThat(PromptFormats.zeroShotCot(PICK)).isEqualTo(
                "Q: Where would you most likely find the thing you use to cut bread? Answer Choices: (A) garden "
                        + "(B) kitchen (C) beach (D) farm (E) office\nA: Let's think step by step.");
    }

    @Test
    void fewShotCotPutsDemonstrationsOfAnyScenarioBeforeTheQuestion() {
        String prompt = PromptFormats.fewShotCot(List.of(PICK, ADD), ADD);
        assertThat(prompt).isEqualTo(PromptFormats.demonstration(PICK) + "\n\n" + PromptFormats.demonstration(ADD)
                + "\n\n" + PromptFormats.question(ADD));
        assertThat(PromptFormats.demonstration(ADD)).endsWith("\nA: Ann starts with 3 pens. Ann buys 4 more, so 3 + 4 = 7. The answer is 7.");
        assertThat(PromptFormats.fewShotCotWithTrigger(List.of(PICK), ADD)).endsWith("have now?\nA: Let's think step by step.");
    }

    @Test
    void trainingExamplesSplitPromptFromTheAnswerTheModelMustWrite() {
        TextExample cot = PromptFormats.cotExample(PICK);
        assertThat(cot.prompt()).endsWith("A: Let's think step by step.");
        assertThat(cot.answer()).isEqualTo(" " + PICK.solution()).endsWith("The answer is B.");
        assertThat(AnswerExtractor.isCorrect(PICK, cot.answer())).isTrue();
        assertThat(PromptFormats.directExample(ADD).text()).endsWith("A: The answer is 7.");
    }

    @Test
    void demonstrationsComeFromTheSameScenarioOrFromOthers() {
        List<TaskItem> pool = new java.util.ArrayList<>();
        for (TaskFamily family : TaskSuite.pretraining()) pool.addAll(TaskSplits.generate(family, 1, 10, 0, 0).train());
        List<TaskItem> same = Demonstrations.sameScenario(pool, Scenario.ARITHMETIC_SHORT, 4, new java.util.Random(1));
        List<TaskItem> other = Demonstrations.otherScenarios(pool, Scenario.ARITHMETIC_SHORT, 4, new java.util.Random(1));
        assertThat(same).hasSize(4).allMatch(i -> i.scenario().equals(Scenario.ARITHMETIC_SHORT));
        assertThat(other).hasSize(4).noneMatch(i -> i.scenario().equals(Scenario.ARITHMETIC_SHORT));
        assertThat(Demonstrations.sameScenario(pool, Scenario.COMMONSENSE_SHORT, 4, new java.util.Random(1))).isEmpty();
    }
}
