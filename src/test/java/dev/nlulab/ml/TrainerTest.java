package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainerTest {
    static {
        TinyModels.init();
    }

    private static NDManager root;
    /** Vocabulary: 0 unk, 1 bos, 2 eos, 3 separator, 4..11 symbols. */
    private static final LlamaConfig COPY = new LlamaConfig(32, 64, 2, 4, 2, 8, 12, 1e-5, 10000, 64, true, 1, 2);

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /** "bos a b c d sep" -> "a b c d eos": copy a random 4-symbol string. */
    static List<TrainingExample> copyTask(int n, long seed) {
        Random random = new Random(seed);
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] s = new long[4];
            for (int j = 0; j < 4; j++) s[j] = 4 + random.nextInt(8);
            long[] prompt = {1, s[0], s[1], s[2], s[3], 3};
            long[] answer = {s[0], s[1], s[2], s[3], 2};
            out.add(new TrainingExample(prompt, answer));
        }
        return out;
    }

    @Test
    void lossFallsAndTheModelLearnsToCopy() {
        List<TrainingExample> examples = copyTask(512, 1);
        TrainingConfig config = TrainingConfig.defaults(1e-2, 250, 32, 16, 5);
        List<StepMetrics> seen = new ArrayList<>();
        try (LlamaModel model = LlamaModel.random(COPY, 2, root); Trainer trainer = new Trainer(model, config)) {
            trainer.addListener(seen::add).train(examples, null);
            double first = seen.get(0).loss();
            double last = seen.subList(seen.size() - 10, seen.size()).stream().mapToDouble(StepMetrics::loss).average().orElseThrow();
            assertThat(first).isGreaterThan(1.8); // about ln(12) at the start
            assertThat(last).isLessThan(0.3 * first);
            assertThat(seen.get(0).learningRate()).isLessThan(seen.get(20).learningRate()); // warm-up
            assertThat(seen.get(seen.size() - 1).learningRate()).isCloseTo(1e-3, within(2e-4)); // cosine to lr/10
            assertThat(seen.get(5).tokensPerSecond()).isPositive();
            assertThat(seen.get(5).rssBytes()).isPositive();
            List<TrainingExample> fresh = copyTask(16, 99);
            List<long[]> prompts = fresh.stream().map(TrainingExample::prompt).toList();
            List<Generation> out = new Generator(model, null).generateIds(prompts, GenerationConfig.greedy(6));
            int exact = 0;
            for (int i = 0; i < fresh.size(); i++) {
                long[] want = java.util.Arrays.copyOf(fresh.get(i).answer(), 4);
                if (java.util.Arrays.equals(out.get(i).tokens(), want) && out.get(i).finishReason().equals("eos")) exact++;
            }
            assertThat(exact).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void lossIgnoresPromptTokens() {
        Batch batch = Batch.of(List.of(new TrainingExample(new long[] {1, 5, 6}, new long[] {7, 2})), 2, 16);
        assertThat(batch.inputs()[0]).containsExactly(1, 5, 6, 7);
        assertThat(batch.targets()[0]).containsExactly(5, 6, 7, 2);
        assertThat(batch.lossMask()[0]).containsExactly(0f, 0f, 1f, 1f);
        try (NDManager m = root.newSubManager()) {
            NDArray logits = m.randomNormal(new ai.djl.ndarray.types.Shape(1, 4, 9));
            NDArray mask = m.create(batch.lossMask());
            float base = CausalLmLoss.mean(logits, m.create(batch.targets()), mask).getFloat();
            float promptChanged = CausalLmLoss.mean(logits, m.create(new long[][] {{3, 8, 7, 2}}), mask).getFloat();
            float answerChanged = CausalLmLoss.mean(logits, m.create(new long[][] {{5, 6, 4, 2}}), mask).getFloat();
            assertThat(promptChanged).isEqualTo(base);
            assertThat(answerChanged).isNotCloseTo(base, within(1e-4f));
        }
    }

    @Test
    void promptTokensMarkedAsTargetsCountInTheLoss() {
        java.util.BitSet marked = new java.util.BitSet();
        marked.set(2);
        Batch batch = Batch.of(List.of(new TrainingExample(new long[] {1, 5, 6, 4}, new long[] {7, 2}, marked)), 2, 16);
        assertThat(batch.targets()[0]).containsExactly(5, 6, 4, 7, 2);
        assertThat(batch.lossMask()[0]).containsExactly(0f, 1f, 0f, 1f, 1f);
    }

    @Test
    void twoAccumulatedHalfBatchesEqualOneFullBatch() {
        List<TrainingExample> examples = copyTask(8, 3);
        TrainingConfig full = TrainingConfig.defaults(1e-2, 10, 8, 16, 1);
        float[][] a = trainOnce(full, List.of(Batch.of(examples, 2, 16)));
        float[][] b = trainOnce(full.withAccumulation(4, 2),
                List.of(Batch.of(examples.subList(0, 4), 2, 16), Batch.of(examples.subList(4, 8), 2, 16)));
        float[][] alone = trainOnce(full, List.of(Batch.of(examples.subList(0, 4), 2, 16)));
        for (int i = 0; i < a.length; i++) assertThat(b[i]).containsExactly(a[i], within(2e-6f));
        assertThat(alone[0]).isNotEqualTo(a[0]);
    }

    private static float[][] trainOnce(TrainingConfig config, List<Batch> microBatches) {
        try (LlamaModel model = LlamaModel.random(COPY, 4, root); Trainer trainer = new Trainer(model, config)) {
            trainer.step(microBatches);
            trainer.step(microBatches);
            return model.trainable().stream().map(NDArray::toFloatArray).toArray(float[][]::new);
        }
    }

    @Test
    void resumedTrainingContinuesIdentically(@TempDir Path dir) {
        List<TrainingExample> examples = copyTask(40, 5);
        TrainingConfig config = TrainingConfig.defaults(5e-3, 8, 6, 16, 9).withAccumulation(3, 2);
        float[][] straight;
        try (LlamaModel model = LlamaModel.random(COPY, 6, root); Trainer trainer = new Trainer(model, config)) {
            trainer.train(examples, null);
            straight = model.trainable().stream().map(NDArray::toFloatArray).toArray(float[][]::new);
        }
        try (LlamaModel model = LlamaModel.random(COPY, 6, root); Trainer trainer = new Trainer(model, config)) {
            for (int i = 0; i < 5; i++) trainer.step(trainer.microBatches(examples, trainer.step()));
            trainer.saveCheckpoint(dir);
        }
        try (LlamaModel model = LlamaModel.random(COPY, 6, root); Trainer trainer = new Trainer(model, config)) {
            trainer.resume(dir);
            assertThat(trainer.step()).isEqualTo(5);
            trainer.train(examples, null);
            float[][] resumed = model.trainable().stream().map(NDArray::toFloatArray).toArray(float[][]::new);
            for (int i = 0; i < straight.length; i++) assertThat(resumed[i]).containsExactly(straight[i], within(1e-6f));
        }
    }

    @Test
    void checkpointOfAnotherModelIsRefusedWithShapes(@TempDir Path dir) {
        TrainingConfig config = TrainingConfig.defaults(1e-3, 2, 2, 16, 1);
        try (LlamaModel model = LlamaModel.random(COPY, 6, root); Trainer trainer = new Trainer(model, config)) {
            trainer.step(trainer.microBatches(copyTask(4, 1), 0));
            trainer.saveCheckpoint(dir);
        }
        LlamaConfig wider = new LlamaConfig(32, 80, 2, 4, 2, 8, 12, 1e-5, 10000, 64, true, 1, 2);
        try (LlamaModel model = LlamaModel.random(wider, 6, root); Trainer trainer = new Trainer(model, config)) {
            assertThatThrownBy(() -> trainer.resume(dir)).hasMessageContaining("(80, 32)").hasMessageContaining("(64, 32)");
        }
    }

    @Test
    void nativeArrayCountStaysFlatOverManySteps() {
        List<TrainingExample> examples = copyTask(64, 7);
        TrainingConfig config = TrainingConfig.defaults(1e-3, 200, 4, 16, 2).withAccumulation(2, 2);
        try (NDManager parent = root.newSubManager();
             LlamaModel model = LlamaModel.random(COPY, 8, parent); Trainer trainer = new Trainer(model, config)) {
            List<Integer> counts = new ArrayList<>();
            trainer.addListener(m -> {
                if (m.step() == 20 || m.step() == 200) counts.add(parent.getManagedArrays().size());
            });
            trainer.train(examples, null);
            assertThat(counts).hasSize(2);
            assertThat(counts.get(1)).isEqualTo(counts.get(0));
        }
    }
}
