package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Decode steps on Java arrays against DJL's forward with the KV cache, which they replace for dense models. */
class ArrayDecoderTest {
    static {
        TinyModels.init();
    }

    private static final Path COURSE_MODEL = Path.of("models/course-model");
    private static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /** 4 query heads sharing 2 key/value heads; weights scaled up so the next token depends strongly on the context. */
    private static LlamaModel grouped(long seed) {
        LlamaConfig config = new LlamaConfig(32, 48, 2, 4, 2, 8, 50, 1e-5, 10000, 128, false, 1, 49);
        LlamaModel model = LlamaModel.random(config, seed, root);
        try (NoGrad noGrad = NoGrad.open()) {
            for (NDArray w : model.trainable()) if (w.getShape().dimension() == 2) w.muli(15);
        }
        return model;
    }

    @Test
    void stepsGiveTheLogitsOfDjlsCachedForwardOnLeftPaddedRowsWithGroupedQueries() {
        try (LlamaModel model = grouped(3)) {
            List<long[]> prompts = List.of(new long[] {1, 4, 9, 16, 3, 3, 8}, new long[] {1, 25}, new long[] {1, 3, 5, 40});
            assertStepsMatchDjl(model, prompts, 6, 3);
        }
    }

    @Test
    void stepsGiveTheLogitsOfDjlsCachedForwardOnTheCourseModel() {
        try (LlamaModel model = LlamaModel.load(COURSE_MODEL, root)) {
            Random random = new Random(5);
            List<long[]> prompts = List.of(ids(random, 23), ids(random, 4), ids(random, 11));
            assertStepsMatchDjl(model, prompts, 5, 2);
        }
    }

    @Test
    void greedyTokensAndKeptLogitsOnTheCourseModelEqualThoseDecodedThroughDjl() {
        try (LlamaModel model = LlamaModel.load(COURSE_MODEL, root);
             Tokenizer tokenizer = Tokenizer.forModel(COURSE_MODEL, model.config())) {
            Generator generator = new Generator(model, tokenizer);
            List<String> prompts = List.of("Q: Tom has 3 apples and buys 4 more. How many apples does he have?\nA:",
                    "Q: Is the coin still heads up?\nA: Let's think step by step.", "The capital of France is");
            GenerationConfig config = GenerationConfig.greedy(24).withLogits(true);
            List<Generation> arrays = generator.generate(prompts, config);
            String name = LlamaWeights.module(0, Projection.Q);
            DenseLinear dense = (DenseLinear) model.linears().get(name);
            model.setLinear(name, new NotDense(dense)); // the same map, but the model now decodes through DJL
            assertThat(model.arrayWeights()).isNull();
            List<Generation> djl = generator.generate(prompts, config);
            assertSameDecoding(arrays, djl);
            for (int b = 0; b < prompts.size(); b++) assertThat(arrays.get(b).text()).isEqualTo(djl.get(b).text());
            assertThat(arrays.stream().mapToInt(g -> g.tokens().length).max().orElseThrow()).isGreaterThan(12);
        }
    }

    @Test
    void aReplacedProjectionIsDecodedWithItsNewWeights() {
        try (LlamaModel model = grouped(4)) {
            Generator generator = new Generator(model, null);
            List<long[]> prompts = List.of(new long[] {1, 7, 3}, new long[] {1, 30, 2, 44, 12});
            GenerationConfig config = GenerationConfig.greedy(12).withLogits(true);
            List<Generation> before = generator.generateIds(prompts, config); // reads the weights into arrays
            String name = LlamaWeights.module(1, Projection.DOWN);
            DenseLinear old = (DenseLinear) model.linears().get(name);
            try (NoGrad noGrad = NoGrad.open()) {
                model.setLinear(name, new DenseLinear(old.weight().mul(old.weight().getManager().create(-3f)), false));
            }
            List<Generation> after = generator.generateIds(prompts, config);
            List<Generation> recomputed = generator.generateIds(prompts, config.withCache(false)); // DJL, no cache
            assertSameDecoding(after, recomputed);
            assertThat(after.get(0).stepLogits()[1]).isNotEqualTo(before.get(0).stepLogits()[1]);
        }
    }

    @Test
    void aTrainingStepIsDecodedWithTheTrainedWeights() {
        try (LlamaModel model = grouped(6);
             Trainer trainer = new Trainer(model, TrainingConfig.defaults(3e-2, 2, 8, 16, 1))) {
            Generator generator = new Generator(model, null);
            List<long[]> prompts = List.of(new long[] {1, 5, 6, 7}, new long[] {1, 8});
            GenerationConfig config = GenerationConfig.greedy(10).withLogits(true);
            List<Generation> before = generator.generateIds(prompts, config);
            trainer.train(List.of(new TrainingExample(new long[] {1, 5, 6, 7}, new long[] {9, 9, 9, 49})), null);
            List<Generation> after = generator.generateIds(prompts, config);
            assertSameDecoding(after, generator.generateIds(prompts, config.withCache(false)));
            assertThat(after.get(0).stepLogits()[0]).isNotEqualTo(before.get(0).stepLogits()[0]);
        }
    }

    /**
     * Reads the left-padded prompts with DJL into a cache, then feeds the same tokens to DJL's cached
     * forward and to an {@link ArrayDecoder} copied from that cache, step by step; from step
     * {@code dropAt} on, the batch's middle row has finished and is fed no more.
     */
    private static void assertStepsMatchDjl(LlamaModel model, List<long[]> prompts, int steps, int dropAt) {
        int batch = prompts.size();
        int length = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        int[] padding = new int[batch];
        long[][] ids = new long[batch][length];
        long[][] mask = new long[batch][length + steps];
        long[][] positions = new long[batch][length];
        for (int b = 0; b < batch; b++) {
            long[] p = prompts.get(b);
            padding[b] = length - p.length;
            System.arraycopy(p, 0, ids[b], padding[b], p.length);
            Arrays.fill(ids[b], 0, padding[b], 2); // a real token id on the padding, which attention must skip
            Arrays.fill(mask[b], padding[b], length + steps, 1);
            for (int c = padding[b]; c < length; c++) positions[b][c] = c - padding[b];
        }
        Random random = new Random(9);
        int vocab = model.config().vocabSize();
        try (NoGrad noGrad = NoGrad.open(); NDManager m = root.newSubManager();
             KvCache cache = new KvCache(m, model.config().numHiddenLayers())) {
            model.tempAttach(m);
            long[][] promptMask = Arrays.stream(mask).map(row -> Arrays.copyOf(row, length)).toArray(long[][]::new);
            model.forwardLast(m.create(ids), m.create(positions), m.create(promptMask), cache);
            ArrayDecoder decoder = new ArrayDecoder(new ArrayWeights(model), cache, padding, length + steps);
            int[] live = {0, 1, 2};
            for (int s = 0; s < steps; s++) {
                if (s == dropAt) {
                    live = new int[] {0, 2};
                    cache.keepRows(new long[] {0, 2});
                }
                int column = length + s;
                long[][] token = new long[live.length][1];
                long[][] position = new long[live.length][1];
                long[][] visible = new long[live.length][];
                long[] fed = new long[live.length];
                for (int i = 0; i < live.length; i++) {
                    fed[i] = token[i][0] = random.nextInt(vocab);
                    position[i][0] = column - padding[live[i]];
                    visible[i] = Arrays.copyOf(mask[live[i]], column + 1);
                }
                float[] expected = model.forwardLast(m.create(token), m.create(position), m.create(visible), cache).toFloatArray();
                float[] got = decoder.step(live, fed, column);
                for (int i = 0; i < live.length; i++) {
                    assertClose(Arrays.copyOfRange(got, i * vocab, (i + 1) * vocab),
                            Arrays.copyOfRange(expected, i * vocab, (i + 1) * vocab), "row " + live[i] + " step " + s);
                }
            }
        }
    }

    /** Equal within 1e-4 of the row's largest logit (float sums in another order). */
    private static void assertClose(float[] got, float[] expected, String where) {
        float scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        float worst = 0;
        for (int j = 0; j < expected.length; j++) worst = Math.max(worst, Math.abs(got[j] - expected[j]));
        assertThat(worst).as(where + ": largest difference, logits up to " + scale).isLessThanOrEqualTo(1e-4f * scale);
    }

    private static void assertSameDecoding(List<Generation> got, List<Generation> expected) {
        for (int b = 0; b < got.size(); b++) {
            assertThat(got.get(b).tokens()).as("row " + b).isNotEmpty().isEqualTo(expected.get(b).tokens());
            for (int k = 0; k < got.get(b).tokens().length; k++) {
                assertClose(got.get(b).stepLogits()[k], expected.get(b).stepLogits()[k], "row " + b + " step " + k);
            }
        }
    }

    private static long[] ids(Random random, int n) {
        long[] out = new long[n];
        out[0] = 0; // bos
        for (int i = 1; i < n; i++) out[i] = 2 + random.nextInt(4000);
        return out;
    }

    /** A dense layer's map behind another type: a model holding one decodes through DJL. */
    private record NotDense(DenseLinear inner) implements Linear {
        @Override
        public NDArray forward(NDArray x) {
            return inner.forward(x);
        }

        @Override
        public long inFeatures() {
            return inner.inFeatures();
        }

        @Override
        public long outFeatures() {
            return inner.outFeatures();
        }

        @Override
        public List<NDArray> trainable() {
            return inner.trainable();
        }

        @Override
        public Map<String, NDArray> tensors() {
            return inner.tensors();
        }
    }
}
