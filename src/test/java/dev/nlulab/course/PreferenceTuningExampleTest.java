package dev.nlulab.course;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.nlulab.course.ShippedLesson.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The worked examples and quiz keys of fine-tuning/08-preference-tuning, recomputed from the definitions. */
class PreferenceTuningExampleTest {
    private static final ShippedLesson LESSON = ShippedLesson.of("fine-tuning/08-preference-tuning");

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void bradleyTerryProbabilityAndLossOfTheWorkedPair() {
        double p = sigmoid(1.3 - 0.2);
        LESSON.states("$P(y_w \\succ y_l) = \\sigma(1.1) = " + fixed(p, 4) + "$",
                "$-\\ln " + fixed(p, 4) + " = " + fixed(-Math.log(p), 4) + "$",
                "$\\ln 2 = " + fixed(Math.log(2), 4) + "$");
        assertThat(LESSON.accepts("bt-prob", fixed(sigmoid(0.9 - (-0.5)), 3))).isTrue();
    }

    @Test
    void theKlShapedRewardSubtractsBetaTimesTheLogRatio() {
        double shaped = 1.3 - 0.05 * 4;
        LESSON.states("$1.3 - 0.05 \\times 4 = " + fixed(shaped, 1) + "$");
    }

    /** PPO's clipped term for one token, and whether its gradient reaches the policy (the unclipped term is the minimum). */
    private record Clip(double value, boolean gradient) {
        static Clip of(double ratio, double advantage, double eps) {
            double unclipped = ratio * advantage;
            double clipped = Math.max(1 - eps, Math.min(1 + eps, ratio)) * advantage;
            return new Clip(Math.min(unclipped, clipped), unclipped <= clipped);
        }
    }

    @Test
    void theClipTableFollowsFromTheMinimum() {
        double[][] rows = {{1.3, 2}, {0.7, -1}, {0.7, 2}, {1.3, -1}};
        boolean[] gradient = {false, false, true, true};
        for (int i = 0; i < rows.length; i++) {
            double rho = rows[i][0], a = rows[i][1];
            Clip c = Clip.of(rho, a, 0.2);
            assertThat(c.gradient()).as("row %d", i + 1).isEqualTo(gradient[i]);
            double bound = rho > 1 ? 1.2 : 0.8;
            String adv = a > 0 ? "+" + (int) a : "−" + (int) -a;
            String times = a > 0 ? fixed(bound, 1) + " \\times " + (int) a : fixed(bound, 1) + " \\times (-" + (int) -a + ")";
            String value = c.value() < 0 ? "−" + fixed(-c.value(), 1) : fixed(c.value(), 1);
            String unclipped = rho * a < 0 ? "−" + fixed(-rho * a, 1) : fixed(rho * a, 1);
            LESSON.states("| " + fixed(rho, 1) + " | " + adv + " | " + unclipped + " | $" + times + " = "
                    + (bound * a < 0 ? "-" + fixed(-bound * a, 1) : fixed(bound * a, 1)) + "$ | " + value + " | "
                    + (gradient[i] ? "yes" : "no"));
        }
        assertThat(LESSON.accepts("ppo-clip", fixed(Clip.of(1.5, 1, 0.2).value(), 1))).isTrue();
    }

    @Test
    void ppoHoldsThirtySixBytesPerParameterAgainstDposSixteenToEighteen() {
        int trained = 16, frozen = 2; // mixed-precision AdamW; bf16 weights
        int ppo = 2 * trained + 2 * frozen;
        assertThat(ppo).isEqualTo(36);
        LESSON.states("| **total** | | **" + ppo + "** | **" + ppo * 7 + " GB** |", "| policy | yes | 16 | " + trained * 7 + " GB |",
                "| reward | no | 2 | " + frozen * 7 + " GB |", "| " + trained + " to " + (trained + frozen) + " |");
    }

    @Test
    void dpoLossFromFourLogProbabilities() {
        double beta = 0.1;
        double chosen = beta * (-12.0 - (-13.0)), rejected = beta * (-15.0 - (-14.0));
        double margin = chosen - rejected;
        double loss = -Math.log(sigmoid(margin));
        LESSON.states("$0.1 \\times (-12.0 - (-13.0)) = " + fixed(chosen, 1) + "$",
                "$0.1 \\times (-15.0 - (-14.0)) = " + fixed(rejected, 1) + "$",
                "$\\sigma(0.2) = " + fixed(sigmoid(margin), 4) + "$", "loss $-\\ln " + fixed(sigmoid(margin), 4) + " = " + fixed(loss, 4) + "$",
                "$\\sigma(-0.2) = " + fixed(sigmoid(-margin), 4) + "$");
        assertThat(margin).isCloseTo(0.2, within(1e-12));
        // at the start the policy is the reference: every pair costs ln 2
        assertThat(-Math.log(sigmoid(0))).isCloseTo(Math.log(2), within(1e-15));
        assertThat(LESSON.accepts("dpo-start", fixed(Math.log(2), 3))).isTrue();
        double quizMargin = 0.2 * (-20 - (-21)) - 0.2 * (-24 - (-23));
        assertThat(LESSON.accepts("dpo-margin", fixed(quizMargin, 1))).isTrue();
    }

    @Test
    void theNormaliserCancelsSoDpoIsTheBradleyTerryLossOfTheImplicitReward() {
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            double beta = 0.05 + random.nextDouble(), logZ = 10 * random.nextGaussian();
            double pw = -30 * random.nextDouble(), pl = -30 * random.nextDouble();
            double rw = -30 * random.nextDouble(), rl = -30 * random.nextDouble();
            double rewardW = beta * (pw - rw) + beta * logZ, rewardL = beta * (pl - rl) + beta * logZ;
            double bradleyTerry = -Math.log(sigmoid(rewardW - rewardL));
            double dpo = -Math.log(sigmoid(beta * (pw - rw) - beta * (pl - rl)));
            assertThat(dpo).isCloseTo(bradleyTerry, within(1e-9));
        }
    }

    @Test
    void theClosedFormPolicyMaximisesRewardMinusBetaKl() {
        double beta = 0.5;
        double[] reference = {0.5, 0.3, 0.2};
        double[] reward = {1.0, 2.0, -1.0};
        double[] best = new double[3];
        double z = 0;
        for (int k = 0; k < 3; k++) z += best[k] = reference[k] * Math.exp(reward[k] / beta);
        for (int k = 0; k < 3; k++) best[k] /= z;
        double optimum = objective(best, reference, reward, beta);
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            double[] other = {random.nextDouble() + 1e-9, random.nextDouble() + 1e-9, random.nextDouble() + 1e-9};
            double s = other[0] + other[1] + other[2];
            for (int k = 0; k < 3; k++) other[k] /= s;
            assertThat(objective(other, reference, reward, beta)).isLessThanOrEqualTo(optimum + 1e-12);
        }
        // the maximum is beta log Z, which is what DPO's derivation cancels
        assertThat(optimum).isCloseTo(beta * Math.log(z), within(1e-12));
    }

    private static double objective(double[] policy, double[] reference, double[] reward, double beta) {
        double expected = 0, kl = 0;
        for (int k = 0; k < policy.length; k++) {
            expected += policy[k] * reward[k];
            kl += policy[k] * Math.log(policy[k] / reference[k]);
        }
        return expected - beta * kl;
    }
}
