package dev.nlulab.demos;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateDemoTest {
    @Test
    void topTokensAreTheLargestLogitsInOrderAsAFullSortGivesThem() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int vocab = 1 + r.nextInt(60);
            float[] logits = new float[vocab];
            // few distinct values, so ties are common: a tie goes to the lower id, as a stable sort does
            for (int i = 0; i < vocab; i++) logits[i] = r.nextInt(8) - 4 + (trial % 2 == 0 ? 0 : r.nextFloat());
            int[] sorted = IntStream.range(0, vocab).boxed().sorted(Comparator.comparingDouble((Integer i) -> -logits[i])).mapToInt(Integer::intValue).toArray();
            int k = 1 + r.nextInt(4);
            assertThat(GenerateDemo.top(logits, k)).as("trial %d", trial).containsExactly(java.util.Arrays.copyOf(sorted, Math.min(k, vocab)));
        }
    }
}
