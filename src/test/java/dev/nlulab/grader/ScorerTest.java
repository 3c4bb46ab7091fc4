package dev.nlulab.grader;

import dev.nlulab.labs.Key;
import dev.nlulab.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScorerTest {
    @Test
    void theSplitIsStableAndNearTheFraction() {
        int pub = 0;
        for (int i = 0; i < 10_000; i++) if (PublicSplit.isPublic("lab", "ex", "id" + i, 0.3)) pub++;
        assertThat(pub).isBetween(2800, 3200);
        assertThat(PublicSplit.isPublic("lab", "ex", "id7", 0.3)).isEqualTo(PublicSplit.isPublic("lab", "ex", "id7", 0.3));
        assertThat(PublicSplit.isPublic("lab", "ex", "anything", 1.0)).isTrue();
        // a different exercise draws a different split
        int same = 0;
        for (int i = 0; i < 1000; i++) if (PublicSplit.isPublic("lab", "a", "id" + i, 0.5) == PublicSplit.isPublic("lab", "b", "id" + i, 0.5)) same++;
        assertThat(same).isBetween(400, 600);
    }

    @Test
    void publicPrivateAndOverallAreScoredOnTheirOwnItems() {
        List<String> ids = new ArrayList<>();
        List<List<String>> gold = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add("q" + i);
            gold.add(List.of("x"));
        }
        Key key = new Key(ids, gold);
        boolean[] isPublic = {true, true, false, false};
        // right on q0 (public) and on q2, q3 (private)
        List<List<String>> predictions = List.of(List.of("x"), List.of("y"), List.of("x"), List.of("x"));
        Score s = new Scorer(key, Metrics.byName("accuracy"), isPublic).score(predictions);
        assertThat(s.publicScore()).isCloseTo(0.5, within(1e-12));
        assertThat(s.privateScore()).isCloseTo(1.0, within(1e-12));
        assertThat(s.overall()).isCloseTo(0.75, within(1e-12));
        Score allPublic = new Scorer(key, Metrics.byName("accuracy"), new boolean[] {true, true, true, true}).score(predictions);
        assertThat(allPublic.privateScore()).isEqualTo(allPublic.overall());
    }
}
