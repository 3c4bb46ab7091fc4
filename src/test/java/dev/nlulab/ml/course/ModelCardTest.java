package dev.nlulab.ml.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.ml.course.CourseEval.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card's limits are read from the figures: guessing-level families are named with what guessing scores. */
class ModelCardTest {
    static EvalReport.FamilyResult result(String family, String scenario, int best) {
        return new EvalReport.FamilyResult(family, "in_distribution", scenario, 200,
                Map.of(Method.ZERO_SHOT, best / 2, Method.ZERO_SHOT_COT, best, Method.FEW_SHOT_COT, best / 3));
    }

    @Test
    void familiesAtGuessingLevelAreNamedApartFromWeakOnes() {
        EvalReport report = new EvalReport(List.of(
                result("strategyqa", "<commonsense, yes-no>", 103),      // 51.5%: a coin does as well
                result("csqa", "<commonsense, multiple-choice>", 41),    // 20.5%: one of five
                result("gsm8k", "<arithmetic, short-answer>", 60),       // 30%: weak, but no guessing rate
                result("coinflip", "<symbolic, yes-no>", 198),           // 99%
                result("aqua", "<arithmetic, multiple-choice>", 90)));   // 45%: well above one in five
        List<String> limits = ModelCard.limits(report);

        assertThat(limits).contains(
                "Families it answers no better than guessing, even with the best prompting: strategyqa 51.5% (guessing: 50.0%), csqa 20.5% (guessing: 20.0%).",
                "Families it mostly gets wrong even with the best prompting: gsm8k (30.0%), aqua (45.0%).");
        assertThat(String.join("\n", limits)).doesNotContain("coinflip");
    }
}
