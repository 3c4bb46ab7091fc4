package dev.nlulab.course;

import dev.nlulab.metrics.MacroF1;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nlulab.course.ShippedLesson.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The worked examples of representations/07-evaluating-classifiers, recomputed from the confusion matrices, and
 * the macro-F1 of the course's grader held to the same numbers.
 */
class ClassifierEvaluationExampleTest {
    private static final ShippedLesson LESSON = ShippedLesson.of("representations/07-evaluating-classifiers");
    private static final String[] CLASSES = {"positive", "negative", "neutral"};
    /** Rows gold, columns predicted, in the order of CLASSES. */
    private static final int[][] B = {{70, 10, 20}, {10, 65, 25}, {60, 50, 690}};
    private static final int[][] ALWAYS_NEUTRAL = {{0, 0, 100}, {0, 0, 100}, {0, 0, 800}};

    private record Scores(double[] precision, double[] recall, double[] f1, double accuracy, double macro, double weighted) {}

    private static Scores scores(int[][] m) {
        int k = m.length, n = 0, correct = 0;
        double[] p = new double[k], r = new double[k], f = new double[k];
        int[] gold = new int[k], predicted = new int[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                gold[i] += m[i][j];
                predicted[j] += m[i][j];
                n += m[i][j];
            }
            correct += m[i][i];
        }
        double macro = 0, weighted = 0;
        for (int i = 0; i < k; i++) {
            p[i] = predicted[i] == 0 ? 0 : (double) m[i][i] / predicted[i];
            r[i] = (double) m[i][i] / gold[i];
            f[i] = m[i][i] == 0 ? 0 : 2.0 * p[i] * r[i] / (p[i] + r[i]);
            macro += f[i] / k;
            weighted += f[i] * gold[i] / n;
        }
        return new Scores(p, r, f, (double) correct / n, macro, weighted);
    }

    /** The confusion matrix as one gold and one predicted label per test item, as the grader reads a submission. */
    private static double graderMacroF1(int[][] m) {
        List<List<String>> gold = new ArrayList<>(), predicted = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                for (int c = 0; c < m[i][j]; c++) {
                    gold.add(List.of(CLASSES[i]));
                    predicted.add(List.of(CLASSES[j]));
                }
            }
        }
        return new MacroF1().score(gold, predicted);
    }

    @Test
    void perClassScoresOfClassifierB() {
        Scores b = scores(B);
        int[] column = {140, 125, 735}, row = {100, 100, 800};
        for (int i = 0; i < 3; i++) {
            assertThat(B[0][i] + B[1][i] + B[2][i]).isEqualTo(column[i]);
            LESSON.states("| " + CLASSES[i] + " | " + B[i][i] + " / " + column[i] + " = " + fixed(b.precision()[i], 3)
                    + " | " + B[i][i] + " / " + row[i] + " = " + fixed(b.recall()[i], 3) + " | " + fixed(b.f1()[i], 3) + " |");
        }
    }

    @Test
    void accuracyHidesWhatMacroF1Shows() {
        Scores a = scores(ALWAYS_NEUTRAL), b = scores(B);
        LESSON.states("| accuracy (= micro-F1) | " + fixed(a.accuracy(), 3) + " | " + fixed(b.accuracy(), 3) + " |",
                "| weighted-F1 | " + fixed(a.weighted(), 3) + " | " + fixed(b.weighted(), 3) + " |",
                "| macro-F1 | " + fixed(a.macro(), 3) + " | " + fixed(b.macro(), 3) + " |",
                "within " + fixed(100 * (b.accuracy() - a.accuracy()), 1) + " points",
                "$F1 = 2 \\times 800 / (2 \\times 800 + 200) = " + fixed(a.f1()[2], 3) + "$",
                "reaches " + fixed(a.accuracy(), 3) + " accuracy but " + fixed(a.macro(), 3) + " macro-F1");
        assertThat(a.f1()[0]).isZero();
        assertThat(a.f1()[1]).isZero();
        // the grader's metric agrees with the hand computation on both classifiers
        assertThat(graderMacroF1(ALWAYS_NEUTRAL)).isCloseTo(a.macro(), within(1e-12));
        assertThat(graderMacroF1(B)).isCloseTo(b.macro(), within(1e-12));
    }

    @Test
    void f1IsPulledTowardsTheSmallerOfPrecisionAndRecall() {
        double p = 0.9, r = 0.1;
        LESSON.states("precision\n0.9 and recall 0.1 gets F1 " + fixed(2 * p * r / (p + r), 2));
    }

    @Test
    void theTemplateAndTheFailureRates() {
        List<String> cases = new ArrayList<>();
        for (String neg : List.of("didn't", "did not"))
            for (String verb : List.of("love", "like", "enjoy"))
                for (String thing : List.of("food", "flight", "service")) cases.add("I " + neg + " " + verb + " the " + thing + ".");
        assertThat(cases).doesNotHaveDuplicates().contains("I didn't love the food.");
        LESSON.states("gives " + cases.size() + " cases at once");
        int[][] tests = {{40, 13}, {100, 4}, {60, 9}};
        for (int[] t : tests) LESSON.states("| " + t[0] + " | " + t[1] + " | " + fixed(100.0 * t[1] / t[0], 1) + "% |");
    }

    @Test
    void mcNemarOnTheDisagreements() {
        int b = 40, c = 22;
        double chi2 = Math.pow(Math.abs(b - c) - 1, 2) / (b + c);
        assertThat(chi2).isGreaterThan(1.96 * 1.96);
        LESSON.states("$\\chi^2 = (|40 - 22| - 1)^2 / 62 = 289 / 62 = " + fixed(chi2, 2) + "$",
                "above " + fixed(1.96 * 1.96, 2) + " (that is, $1.96^2$)", "the " + (1000 - b - c) + " items on which they agree");
    }

    @Test
    void theQuizKeysAreTheComputedValues() {
        assertThat(LESSON.accepts("f1-class", fixed(2.0 * 30 / (2 * 30 + 10 + 20), 3))).isTrue();
        Scores majority = scores(new int[][]{{0, 50}, {0, 150}});
        assertThat(majority.accuracy()).isEqualTo(0.75);
        assertThat(LESSON.accepts("majority-macro", fixed(majority.macro(), 3))).isTrue();
        assertThat(LESSON.accepts("mcnemar", fixed(Math.pow(35 - 15 - 1, 2) / 50, 2))).isTrue();
    }
}
