package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.tasks.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Demonstration selection asks the LLM only for the cluster members it reaches, on a small fixed pool: three blobs
 * of ten questions whose vectors are given, some questions too long, some rationales cut off without a period.
 */
class DemoSelectionTest {
    static final List<float[]> POINTS = KMeansTest.blobs(5);
    static final DemoFilters FILTERS = DemoFilters.metaCot(DemoFilters.StepCount.SENTENCES);

    /** Question i: "qi" (every fifth one 70 words long); its vector is the i-th blob point. */
    static String question(int i) {
        return i % 5 == 0 ? "q" + i + " long" + " word".repeat(70) : "q" + i;
    }

    /** Its reasoning: every third one is cut off (no final period), so its cluster must look further. */
    static Candidate reasoned(int i) {
        return new Candidate("id" + i, question(i), i % 3 == 0 ? "Ann has 2 apples and" : "Ann has 2 apples.", "2");
    }

    static int index(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("q(\\d+)").matcher(text);
        if (!m.find()) throw new IllegalArgumentException(text);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void eachClusterTakesItsNearestPassingMemberAndOnlyTheMembersBeforeItAreReasoned() {
        Embedder embedder = texts -> texts.stream().map(t -> POINTS.get(index(t))).toList();
        List<PoolReasoning.PoolQuestion> pool = new ArrayList<>();
        for (int i = 0; i < POINTS.size(); i++) pool.add(new PoolReasoning.PoolQuestion("id" + i, question(i), null));
        List<List<String>> rounds = new ArrayList<>();
        List<DemoSelection.Selected> all = DemoSelection.selectAll(List.of(new DemoSelection.Group(pool, Scenario.ARITHMETIC_SHORT, 3)),
                embedder, FILTERS, "Let's think step by step.", 11, asked -> {
                    rounds.add(asked.stream().map(PoolReasoning.PoolQuestion::id).toList());
                    return asked.stream().map(q -> reasoned(Integer.parseInt(q.id().substring(2)))).toList();
                });
        DemoSelection.Selected selected = all.get(0);

        // what reasoning over the whole pool first would choose, and the members it had to read to get there
        KMeans.Result clusters = KMeans.cluster(embedder.embed(pool.stream().map(q -> "Q: " + q.text() + "\nA:").toList()), 3, 11);
        Set<String> needed = new HashSet<>();
        List<String> expected = new ArrayList<>();
        for (List<KMeans.Member> members : clusters.clusters()) {
            for (KMeans.Member m : members) {
                if (m.index() % 5 == 0) continue; // too long: rejected by its question alone
                needed.add("id" + m.index());
                if (FILTERS.reject(reasoned(m.index()), Scenario.ARITHMETIC_SHORT).isEmpty()) {
                    expected.add("id" + m.index());
                    break;
                }
            }
        }
        assertThat(selected.demos()).extracting(Demo::source).containsExactlyElementsOf(expected);
        assertThat(selected.demos()).allSatisfy(d -> assertThat(d.rationale()).isEqualTo("Let's think step by step. Ann has 2 apples."));
        List<String> asked = rounds.stream().flatMap(List::stream).toList();
        assertThat(asked).as("each needed member once, no other").containsExactlyInAnyOrderElementsOf(needed);
        assertThat(asked.size()).isLessThan(pool.size() / 2);
        assertThat(rounds).allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(3)); // one member per undecided cluster a round
        for (DemoSelection.ClusterChoice c : selected.clusters()) {
            assertThat(c.rejected()).allSatisfy(r -> assertThat(r.reason()).matches("question of \\d+ words > 60|rationale does not end with '.'"));
        }
    }
}
