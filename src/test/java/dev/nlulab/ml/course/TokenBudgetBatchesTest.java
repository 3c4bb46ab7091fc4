package dev.nlulab.ml.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.ml.Batch;
import dev.nlulab.ml.TrainingExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBudgetBatchesTest {
    @Test
    void anEpochHoldsEveryExampleOnceWithinTheBudgetAndAStepAlwaysGetsTheSameBatch() {
        Random random = new Random(4);
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            long[] prompt = new long[1 + random.nextInt(60)];
            long[] answer = new long[1 + random.nextInt(60)];
            prompt[0] = 1000 + i; // marks the example in the batch's first column
            java.util.Arrays.fill(answer, 7);
            examples.add(new TrainingExample(prompt, answer));
        }
        TokenBudgetBatches batches = new TokenBudgetBatches(examples, 512, 100, 2, 9);
        Map<Long, Integer> seen = new HashMap<>();
        long padded = 0, real = 0;
        for (int step = 0; step < batches.stepsPerEpoch(); step++) {
            Batch b = batches.forStep(step);
            assertThat((long) b.inputs().length * b.inputs()[0].length).isLessThanOrEqualTo(512);
            for (long[] row : b.inputs()) seen.merge(row[0], 1, Integer::sum);
            padded += (long) b.inputs().length * b.inputs()[0].length;
            real += b.inputTokens(2);
        }
        assertThat(seen).hasSize(examples.size()).allSatisfy((id, count) -> assertThat(count).isOne());
        assertThat((double) real / padded).as("share of real tokens").isGreaterThan(0.9);
        assertThat(batches.forStep(3).inputs()).isDeepEqualTo(batches.forStep(3).inputs());
        assertThat(new TokenBudgetBatches(examples, 512, 100, 2, 9).forStep(batches.stepsPerEpoch() + 3).inputs())
                .isDeepEqualTo(batches.forStep(batches.stepsPerEpoch() + 3).inputs());
        assertThat(java.util.Arrays.deepEquals(batches.forStep(batches.stepsPerEpoch() + 3).inputs(), batches.forStep(3).inputs()))
                .as("the next epoch is shuffled anew").isFalse();
    }
}
