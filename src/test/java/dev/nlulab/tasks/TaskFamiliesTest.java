package dev.nlulab.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskFamiliesTest {
    private static final int SEEDS = 10, PER_SEED = 100;

    @Test
    void theSuiteHasTenInDistributionFamiliesCoveringMetaCotsSixScenarios() {
        List<TaskFamily> inDistribution = TaskSuite.families(TaskSuite.Role.IN_DISTRIBUTION);
        assertThat(inDistribution).extracting(TaskFamily::id).containsExactly(
                "addsub", "multiarith", "singleeq", "svamp", "gsm8k", "aqua", "csqa", "strategyqa", "lastletters", "coinflip");
        assertThat(inDistribution.stream().map(TaskFamily::scenario).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                Scenario.ARITHMETIC_SHORT, Scenario.ARITHMETIC_CHOICE, Scenario.COMMONSENSE_CHOICE,
                Scenario.COMMONSENSE_YES_NO, Scenario.SYMBOLIC_SHORT, Scenario.SYMBOLIC_YES_NO);
        assertThat(TaskSuite.families(TaskSuite.Role.OUT_OF_DISTRIBUTION)).hasSize(2);
        assertThat(TaskSuite.families(TaskSuite.Role.FINE_TUNING)).hasSize(2);
        assertThat(TaskSuite.pretraining()).doesNotContainAnyElementsOf(TaskSuite.families(TaskSuite.Role.FINE_TUNING));
    }

    @Test
    void generatorsAreDeterministicForASeedAndDifferAcrossSeeds() {
        for (TaskFamily family : TaskSuite.families()) {
            TaskSplits a = TaskSplits.generate(family, 7, 40, 10, 10);
            TaskSplits b = TaskSplits.generate(family, 7, 40, 10, 10);
            TaskSplits c = TaskSplits.generate(family, 8, 40, 10, 10);
            assertThat(a).as(family.id()).isEqualTo(b);
            assertThat(a.train()).as(family.id()).isNotEqualTo(c.train());
        }
    }

    @Test
    void noTestOrDevQuestionAppearsInTrainOrTwice() {
        for (TaskFamily family : TaskSuite.families()) {
            TaskSplits s = TaskSplits.generate(family, 3, 600, 100, 200);
            Set<String> keys = new HashSet<>();
            for (List<TaskItem> split : List.of(s.test(), s.dev(), s.train())) {
                for (TaskItem item : split) assertThat(keys.add(item.dedupeKey())).as(item.id()).isTrue();
            }
            assertThat(s.train()).hasSize(600);
            assertThat(s.test()).extracting(TaskItem::id).startsWith(family.id() + "-test-00000");
        }
    }

    @Test
    void theIndependentSolverAgreesWithEveryGeneratedAnswer() {
        for (TaskFamily family : TaskSuite.families()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                Random random = new Random(seed);
                for (int i = 0; i < PER_SEED; i++) {
                    TaskItem item = family.generate(random);
                    String solved = TaskSolver.solve(item);
                    if (item.scenario().numericAnswer()) {
                        assertThat(new BigDecimal(solved)).as(item.fullQuestion()).isEqualByComparingTo(item.answer());
                    } else {
                        assertThat(solved).as(item.fullQuestion()).isEqualTo(item.answer());
                    }
                }
            }
        }
    }

    @Test
    void everyAnswerIsExtractableFromItsOwnSolutionAndAWrongOneIsNot() {
        for (TaskFamily family : TaskSuite.families()) {
            Random random = new Random(11);
            for (int i = 0; i < 300; i++) {
                TaskItem item = family.generate(random);
                assertThat(AnswerExtractor.isCorrect(item, item.solution())).as(item.solution()).isTrue();
                String demo = PromptFormats.demonstration(item);
                assertThat(AnswerExtractor.isCorrect(item, demo.substring(demo.indexOf("\nA:") + 3)))
                        .as(demo).isTrue();
                assertThat(AnswerExtractor.isCorrect(item, item.rationale() + " The answer is " + wrong(item) + "."))
                        .as(item.id()).isFalse();
            }
        }
    }

    @Test
    void inDistributionItemsPassMetaCotsDemonstrationFilter() {
        for (TaskFamily family : TaskSuite.pretraining()) {
            int maxSteps = family.scenario().equals(Scenario.SYMBOLIC_SHORT) ? 7 : 5;
            Random random = new Random(5);
            for (int i = 0; i < 300; i++) {
                TaskItem item = family.generate(random);
                assertThat(item.fullQuestion().split("\\s+").length).as(item.fullQuestion()).isLessThanOrEqualTo(60);
                assertThat(item.rationale().split("(?<=\\.)\\s+(?=[A-Z0-9\"])").length).as(item.rationale())
                        .isLessThanOrEqualTo(maxSteps);
                assertThat(item.rationale()).endsWith(".");
                assertThat(item.answer()).isNotBlank();
            }
        }
    }

    @Test
    void numbersStaySmallEnoughForASmallModel() {
        Pattern number = Pattern.compile("\\d+");
        for (TaskFamily family : TaskSuite.families()) {
            Random random = new Random(2);
            int numbers = 0, twoDigitsOrLess = 0;
            for (int i = 0; i < 300; i++) {
                TaskItem item = family.generate(random);
                Matcher m = number.matcher(item.fullQuestion() + " " + item.solution());
                while (m.find()) {
                    numbers++;
                    assertThat(m.group().length()).as(item.solution()).isLessThanOrEqualTo(3);
                    if (m.group().length() <= 2) twoDigitsOrLess++;
                }
            }
            if (numbers > 0) assertThat(twoDigitsOrLess).as(family.id()).isGreaterThan(numbers * 8 / 10);
        }
    }

    @Test
    void yesNoAndChoiceAnswersAreBalancedAfterDeduplication() {
        for (TaskFamily family : TaskSuite.families()) {
            if (family.form() == AnswerForm.SHORT_ANSWER) continue;
            List<TaskItem> train = TaskSplits.generate(family, 4, 1500, 0, 200).train();
            java.util.Map<String, Long> counts = train.stream()
                    .collect(Collectors.groupingBy(TaskItem::answer, Collectors.counting()));
            int classes = family.form() == AnswerForm.YES_NO ? 2 : 5;
            assertThat(counts).as(family.id()).hasSize(classes);
            counts.values().forEach(n -> assertThat(n).as(family.id() + " " + counts)
                    .isBetween(train.size() * 6L / 10 / classes, train.size() * 14L / 10 / classes));
        }
    }

    /** A different answer of the same form. */
    private static String wrong(TaskItem item) {
        return switch (item.scenario().form()) {
            case MULTIPLE_CHOICE -> item.answer().equals("A") ? "B" : "A";
            case YES_NO -> item.answer().equals("yes") ? "no" : "yes";
            case SHORT_ANSWER -> item.scenario().numericAnswer()
                    ? String.valueOf(Integer.parseInt(item.answer()) + 1) : item.answer() + "x";
        };
    }
}
