package dev.nlulab.course;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.nlulab.course.ShippedLesson.fixed;
import static dev.nlulab.course.ShippedLesson.percent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Figures of the earlier lessons that a reader found wrong, recomputed so that they stay right. */
class ShippedLessonFiguresTest {

    @Test
    void theLongPromptsMonthlyCost() {
        double tokens = 1e6 * 2000;
        assertThat(tokens).isEqualTo(2.0e9);
        ShippedLesson.of("fine-tuning/01-when-to-fine-tune").states("10^6 \\times 2{,}000 = 2.0 \\times 10^{9}",
                String.format(Locale.ROOT, "that is %,d a month", Math.round(tokens / 1e6 * 0.50)));
    }

    /** LoRA (or QA-LoRA with group size g) with rank r on all seven linear layers of a LLaMA block. */
    private static long adapters(long d, long ffn, long layers, long r, long g) {
        long[][] shapes = {{d, d}, {d, d}, {d, d}, {d, d}, {d, ffn}, {d, ffn}, {ffn, d}}; // {in, out}
        long perLayer = 0;
        for (long[] s : shapes) perLayer += r * (s[0] / g) + s[1] * r;
        return perLayer * layers;
    }

    @Test
    void qaLorasAdapterCountsFor7bAnd13b() {
        long lora7 = adapters(4096, 11008, 32, 64, 1), qa7 = adapters(4096, 11008, 32, 64, 32);
        long lora13 = adapters(5120, 13824, 40, 64, 1), qa13 = adapters(5120, 13824, 40, 64, 32);
        ShippedLesson.of("fine-tuning/07-qlora-and-qa-lora").states(
                "**" + fixed(qa7 / 1e6, 1) + "M** against **" + fixed(lora7 / 1e6, 1) + "M**",
                "give " + fixed(lora13 / 1e6, 1) + "M parameters for LoRA and " + fixed(qa13 / 1e6, 1) + "M for QA-LoRA",
                "| LLaMA-13B | QLoRA | " + Math.round(lora13 / 1e7) * 10 + "M |", "| LLaMA-13B | QA-LoRA | " + Math.round(qa13 / 1e7) * 10 + "M |");
    }

    /**
     * Probability that the correct answer wins a vote of m independent paths, each correct with probability
     * p and otherwise one of the wrong values with the given probabilities. Ties between the correct answer
     * and w wrong values count 1/(w+1) when {@code randomTies}, 0 otherwise. Exact, over all vote counts.
     */
    private static double voteWins(int m, double p, double[] wrong, boolean randomTies) {
        double[] probs = new double[wrong.length + 1];
        probs[0] = p;
        System.arraycopy(wrong, 0, probs, 1, wrong.length);
        return wins(m, probs, 0, new int[probs.length], randomTies);
    }

    private static double wins(int left, double[] probs, int i, int[] counts, boolean randomTies) {
        if (i == probs.length - 1) {
            counts[i] = left;
            double pr = multinomial(counts, probs);
            int best = 0, tied = 0;
            for (int k = 1; k < counts.length; k++) best = Math.max(best, counts[k]);
            for (int k = 1; k < counts.length; k++) if (counts[k] == counts[0]) tied++;
            if (counts[0] > best) return pr;
            if (counts[0] == best && counts[0] > 0 && randomTies) return pr / (tied + 1);
            return 0;
        }
        double sum = 0;
        for (int c = 0; c <= left; c++) {
            counts[i] = c;
            sum += wins(left - c, probs, i + 1, counts, randomTies);
        }
        return sum;
    }

    private static double multinomial(int[] counts, double[] probs) {
        int n = 0;
        double logP = 0;
        for (int k = 0; k < counts.length; k++) {
            n += counts[k];
            logP += counts[k] * Math.log(probs[k]) - logFactorial(counts[k]);
        }
        return Math.exp(logP + logFactorial(n));
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) s += Math.log(i);
        return s;
    }

    @Test
    void selfConsistencyVoteFiguresWithTheirTieRule() {
        ShippedLesson lesson = ShippedLesson.of("prompting/03-self-consistency-and-auto-cot");
        double[] ten = new double[10];
        java.util.Arrays.fill(ten, 0.06);
        double[][] errors = {ten, {0.3, 0.3}, {0.6}};
        String[] rows = {"spread over ten wrong values (0.06 each)", "two wrong values (0.3 each)", "one wrong value (0.6)"};
        List<Double> strict = new ArrayList<>();
        for (int r = 0; r < errors.length; r++) {
            double five = voteWins(5, 0.4, errors[r], true), fifteen = voteWins(15, 0.4, errors[r], true);
            lesson.states("| " + rows[r] + " | 40% | " + percent(five) + " | " + percent(fifteen) + " |");
            strict.add(voteWins(5, 0.4, errors[r], false));
            strict.add(voteWins(15, 0.4, errors[r], false));
        }
        lesson.states("the first row becomes " + percent(strict.get(0)) + " and " + percent(strict.get(1)),
                "the second " + percent(strict.get(2)) + " and " + percent(strict.get(3)));
        // one path is right 40% of the time whatever the errors; two equally likely wrong values still favour the vote
        assertThat(voteWins(1, 0.4, errors[1], true)).isCloseTo(0.4, within(1e-12));
        assertThat(voteWins(5, 0.4, errors[1], true)).isGreaterThan(0.4);
        assertThat(voteWins(5, 0.4, errors[2], true)).isLessThan(0.4);
        // the two-way contest of the lesson's first paragraph: ties are impossible with an odd number of paths
        lesson.states("a majority of 5 paths " + percent(voteWins(5, 0.6, new double[]{0.4}, false)),
                "of 15 paths " + percent(voteWins(15, 0.6, new double[]{0.4}, false)));
    }

    /** Whether the numbers reach 24 with + - x / (exact fractions, as doubles with a tolerance). */
    private static boolean reaches24(List<Double> xs) {
        if (xs.size() == 1) return Math.abs(xs.get(0) - 24) < 1e-9;
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < xs.size(); j++) {
                if (i == j) continue;
                double a = xs.get(i), b = xs.get(j);
                List<Double> rest = new ArrayList<>();
                for (int k = 0; k < xs.size(); k++) if (k != i && k != j) rest.add(xs.get(k));
                List<Double> results = new ArrayList<>(List.of(a + b, a - b, a * b));
                if (b != 0) results.add(a / b);
                for (double r : results) {
                    List<Double> next = new ArrayList<>(rest);
                    next.add(r);
                    if (reaches24(next)) return true;
                }
            }
        }
        return false;
    }

    @Test
    void gameOf24StatesAreSureOnlyWhenSolvable() {
        assertThat(reaches24(List.of(4.0, 4.0, 10.0))).isTrue();
        assertThat(reaches24(List.of(6.0, 9.0, 13.0))).isTrue();
        assertThat(reaches24(List.of(10.0, 13.0, 13.0))).isFalse();
        assertThat(reaches24(List.of(4.0, 9.0, 130.0))).isFalse();
        assertThat((10 - 4) * 4).isEqualTo(24);
        assertThat((13 - 9) * 6).isEqualTo(24);
        ShippedLesson.of("prompting/05-tree-and-graph-of-thoughts").states(
                "(4, 4, 10) | sure: $(10 - 4) \\times 4 = 24$", "(6, 9, 13) | sure: $(13 - 9) \\times 6 = 24$",
                "(10, 13, 13) | impossible", "(4, 9, 130) | impossible");
    }

    @Test
    void waldAndWilsonIntervalsFor150OutOf200() {
        double n = 200, p = 0.75, z = 1.96;
        double half = z * Math.sqrt(p * (1 - p) / n);
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double wilsonHalf = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
        ShippedLesson.of("prompting/07-evaluating-prompts").states(
                "**[" + fixed(100 * (p - half), 1) + "%, " + fixed(100 * (p + half), 1) + "%]**",
                "gives [" + fixed(100 * (centre - wilsonHalf), 1) + "%, " + fixed(100 * (centre + wilsonHalf), 1) + "%]");
    }
}
