package dev.nlulab.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every metric against values worked out by hand (the arithmetic is in the comments). */
class MetricsTest {
    private static List<List<String>> one(String... values) {
        return java.util.Arrays.stream(values).map(List::of).toList();
    }

    @Test
    void accuracyCountsExactLabelMatches() {
        // 3 of 4 right
        assertThat(Metrics.byName("accuracy").score(one("a", "b", "a", "c"), one("a", "b", "b", "c"))).isEqualTo(0.75);
    }

    @Test
    void macroF1AveragesPerClassF1OverGoldAndPredictedLabels() {
        // a: tp 1, predicted 2, gold 2 -> 2/4 = 0.5; b: tp 2, predicted 3, gold 2 -> 4/5 = 0.8; c: tp 0 -> 0
        double f1 = Metrics.byName("macro_f1").score(one("a", "a", "b", "b", "c"), one("a", "b", "b", "b", "a"));
        assertThat(f1).isCloseTo((0.5 + 0.8 + 0) / 3, within(1e-12));
    }

    @Test
    void exactMatchNormalizesCasePunctuationArticlesAndSpaces() {
        Metric em = Metrics.byName("exact_match");
        assertThat(em.score(List.of(List.of("The  Cat!")), one("cat"))).isEqualTo(1.0);
        assertThat(em.score(List.of(List.of("an apple", "a pear")), one("Pear."))).isEqualTo(1.0);
        assertThat(em.score(List.of(List.of("cat")), one("a cat sat"))).isEqualTo(0.0);
    }

    @Test
    void tokenF1TakesTheBestGoldAnswer() {
        // vs "the quick brown fox": common {quick, fox}: P 2/3, R 2/3 -> 2/3
        // vs "fox jumps": common {fox, jumps}: P 2/3, R 1 -> 0.8
        double f1 = Metrics.byName("token_f1").score(List.of(List.of("the quick brown fox", "fox jumps")), one("quick fox jumps"));
        assertThat(f1).isCloseTo(0.8, within(1e-12));
        assertThat(new TokenF1().item(List.of("the quick brown fox"), List.of("quick fox jumps"))).isCloseTo(2.0 / 3, within(1e-12));
        // repeated tokens count once each on both sides: gold has one "dog", prediction "dog dog" -> common 1, P 1/2, R 1 -> 2/3
        assertThat(new TokenF1().item(List.of("dog"), List.of("dog dog"))).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void everyUnicodeSpaceSeparatesWordsAsPythonsSplitDoes() {
        // SQuAD's normalize_answer ends with ' '.join(text.split()): no-break, ideographic, thin and
        // information-separator spaces all split words, a zero-width space (a format character) does not
        Metric em = Metrics.byName("exact_match");
        for (String space : List.of("\u00a0", "\u3000", "\u2009", "\u202f", "\u1680", "\u2028", "\u0085", "\u001f", "\t\u00a0 ")) {
            assertThat(em.score(List.of(List.of("new york")), one("new" + space + "york"))).as("U+%04X", (int) space.charAt(0)).isEqualTo(1.0);
            assertThat(new TokenF1().item(List.of("new york"), List.of("New" + space + "York"))).as("U+%04X", (int) space.charAt(0)).isEqualTo(1.0);
        }
        assertThat(em.score(List.of(List.of("new york")), one("new\u200byork"))).isEqualTo(0.0);
        // the articles go between any spaces too: "the\u00a0cat" is "cat"
        assertThat(em.score(List.of(List.of("cat")), one("the\u00a0cat"))).isEqualTo(1.0);
    }

    @Test
    void mrrIsTheReciprocalRankOfTheFirstRelevantCandidateWithinK() {
        Metric mrr = Metrics.byName("mrr@10");
        // item 1: b at rank 2 -> 1/2; item 2: nothing relevant -> 0; item 3: c or a, a at rank 1 -> 1
        double v = mrr.score(List.of(List.of("b"), List.of("d"), List.of("c", "a")),
                List.of(List.of("a", "b", "c"), List.of("a", "b", "c"), List.of("a", "b")));
        assertThat(v).isCloseTo((0.5 + 0 + 1) / 3, within(1e-12));
        assertThat(Metrics.byName("mrr@1").score(List.of(List.of("b")), List.of(List.of("a", "b")))).isEqualTo(0.0);
    }

    @Test
    void successAtKAsksWhetherAnyRelevantCandidateIsInTheTopK() {
        List<List<String>> gold = List.of(List.of("c"));
        List<List<String>> ranked = List.of(List.of("a", "b", "c"));
        assertThat(Metrics.byName("success@2").score(gold, ranked)).isEqualTo(0.0);
        assertThat(Metrics.byName("success@3").score(gold, ranked)).isEqualTo(1.0);
    }

    @Test
    void ndcgUsesBinaryGainsAndTheIdealOrder() {
        // relevant {a, c}, ranking a b c: DCG = 1/log2 2 + 1/log2 4 = 1.5; IDCG = 1 + 1/log2 3
        double v = Metrics.byName("ndcg@3").score(List.of(List.of("a", "c")), List.of(List.of("a", "b", "c")));
        assertThat(v).isCloseTo(1.5 / (1 + 1 / (Math.log(3) / Math.log(2))), within(1e-12));
        // cut at k = 2: c no longer counts; ideal over min(k, 2) = 2 relevant
        double v2 = Metrics.byName("ndcg@2").score(List.of(List.of("a", "c")), List.of(List.of("a", "b", "c")));
        assertThat(v2).isCloseTo(1 / (1 + 1 / (Math.log(3) / Math.log(2))), within(1e-12));
    }

    @Test
    void spearmanGivesTiesTheirAverageRank() {
        // gold ranks 1..5; predicted 1,2,2,4,5 -> ranks 1,2.5,2.5,4,5
        // dx -2,-1,0,1,2; dy -2,-.5,-.5,1,2: sxy 9.5, sxx 10, syy 9.5 -> 9.5 / sqrt(95) = sqrt(0.95)
        double rho = Metrics.byName("spearman").score(one("1", "2", "3", "4", "5"), one("1", "2", "2", "4", "5"));
        assertThat(rho).isCloseTo(Math.sqrt(0.95), within(1e-12));
        assertThat(Metrics.byName("spearman").score(one("1", "2", "3"), one("30", "20", "10"))).isCloseTo(-1.0, within(1e-12));
        assertThat(SpearmanRho.ranks(new double[] {10, 20, 20, 20, 5})).containsExactly(2, 4, 4, 4, 1);
    }

    @Test
    void unknownMetricNamesAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Metrics.byName("mrr@0")).hasMessageContaining("unknown metric 'mrr@0'").hasMessageContaining("mrr@k");
        assertThatThrownBy(() -> Metrics.byName("f1")).hasMessageContaining("accuracy");
        assertThat(Metrics.byName("ndcg@10").name()).isEqualTo("ndcg@10");
    }
}
