package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GeneratorTest {
    static {
        TinyModels.init();
    }

    private static NDManager root;
    private static LlamaModel model;

    @BeforeAll
    static void model() {
        root = NDManager.newBaseManager();
        // larger weights than the init, so the next token depends strongly on the context
        LlamaConfig config = new LlamaConfig(32, 48, 2, 4, 2, 8, 50, 1e-5, 10000, 128, false, 1, 49);
        model = LlamaModel.random(config, 11, root);
        try (NoGrad noGrad = NoGrad.open()) { // an in-place edit of weights that require gradients
            for (NDArray w : model.trainable()) if (w.getShape().dimension() == 2) w.muli(15);
        }
    }

    @AfterAll
    static void close() {
        root.close();
    }

    @Test
    void cachedLogitsEqualFullRecomputation() {
        long[][] ids = {{1, 7, 3, 9, 22, 5, 31, 2}};
        try (NDManager m = root.newSubManager(); KvCache cache = new KvCache(m, model.config().numHiddenLayers())) {
            model.tempAttach(m);
            float[] full = model.forward(m.create(ids)).toFloatArray();
            NDArray prefix = model.forward(m.create(new long[][] {{1, 7, 3, 9, 22}}), null, null, cache);
            assertThat(prefix.get(":, -1, :").toFloatArray())
                    .containsExactly(slice(full, 4, 50), within(1e-4f));
            for (int t = 5; t < 8; t++) {
                NDArray step = model.forward(m.create(new long[][] {{ids[0][t]}}), null, null, cache);
                assertThat(step.toFloatArray()).containsExactly(slice(full, t, 50), within(1e-4f));
            }
            assertThat(cache.length()).isEqualTo(8);
        }
    }

    @Test
    void rowsWithTheirOwnTokenLimitsInOneBatchGetWhatEachGetsAlone() {
        Generator generator = new Generator(model, null);
        List<long[]> prompts = List.of(new long[] {1, 4, 9, 16}, new long[] {1, 25}, new long[] {1, 3, 5, 7, 11, 13, 17});
        int[] limits = {3, 12, 7};
        List<Generation> together = generator.generateIds(prompts, limits, GenerationConfig.greedy(12));
        for (int b = 0; b < prompts.size(); b++) {
            Generation alone = generator.generateIds(List.of(prompts.get(b)), GenerationConfig.greedy(limits[b])).get(0);
            assertThat(together.get(b).tokens()).as("row " + b).containsExactly(alone.tokens());
            assertThat(together.get(b).finishReason()).isEqualTo(alone.finishReason());
        }
        assertThat(together.get(0).tokens()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void kvCacheGenerationEqualsRecomputation() {
        Generator generator = new Generator(model, null);
        List<long[]> prompts = List.of(new long[] {1, 4, 9, 16}, new long[] {1, 25}, new long[] {1, 3, 5, 7, 11, 13, 17});
        GenerationConfig config = GenerationConfig.greedy(20);
        List<Generation> cached = generator.generateIds(prompts, config);
        List<Generation> recomputed = generator.generateIds(prompts, config.withCache(false));
        for (int b = 0; b < prompts.size(); b++) {
            assertThat(cached.get(b).tokens()).isEqualTo(recomputed.get(b).tokens());
        }
        // a batch of different lengths gives each prompt what it gets alone
        for (int b = 0; b < prompts.size(); b++) {
            Generation alone = generator.generateIds(List.of(prompts.get(b)), config).get(0);
            assertThat(cached.get(b).tokens()).isEqualTo(alone.tokens());
        }
        assertThat(cached.get(0).tokens()).isNotEqualTo(cached.get(1).tokens());
    }

    @Test
    void samplingIsReproducibleWithASeedAndVariesAcrossSeeds() {
        Generator generator = new Generator(model, null);
        List<long[]> prompt = List.of(new long[] {1, 2, 3});
        GenerationConfig sampled = GenerationConfig.greedy(30).withSampling(1.5, 0.95, 42);
        long[] first = generator.generateIds(prompt, sampled).get(0).tokens();
        long[] again = generator.generateIds(prompt, sampled).get(0).tokens();
        long[] other = generator.generateIds(prompt, sampled.withSampling(1.5, 0.95, 43)).get(0).tokens();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void savedAndReloadedModelGeneratesTheSameTokens(@TempDir Path dir) {
        Generator generator = new Generator(model, null);
        List<long[]> prompts = List.of(new long[] {1, 8, 6}, new long[] {1, 30, 2, 44});
        List<Generation> before = generator.generateIds(prompts, GenerationConfig.greedy(15));
        model.save(dir);
        try (LlamaModel reloaded = LlamaModel.load(dir, root)) {
            List<Generation> after = new Generator(reloaded, null).generateIds(prompts, GenerationConfig.greedy(15));
            for (int b = 0; b < prompts.size(); b++) assertThat(after.get(b).tokens()).isEqualTo(before.get(b).tokens());
        }
    }

    @Test
    void keptLogitsOfEachStepEqualAFullForwardPassOverPromptAndContinuation() {
        Generator generator = new Generator(model, null);
        // different lengths: the batch is read prompt by prompt into one left-padded cache
        List<long[]> prompts = List.of(new long[] {1, 4, 9, 16, 3, 3, 8}, new long[] {1, 25}, new long[] {1, 3, 5});
        GenerationConfig config = GenerationConfig.greedy(10).withLogits(true);
        List<Generation> out = generator.generateIds(prompts, config);
        List<Generation> plain = generator.generateIds(prompts, GenerationConfig.greedy(10));
        int vocab = model.config().vocabSize();
        for (int b = 0; b < prompts.size(); b++) {
            long[] prompt = prompts.get(b), tokens = out.get(b).tokens();
            assertThat(tokens).as("row " + b).isEqualTo(plain.get(b).tokens()).isNotEmpty();
            assertThat(plain.get(b).stepLogits()).isNull();
            float[][] kept = out.get(b).stepLogits();
            assertThat(kept.length).isEqualTo(tokens.length);
            long[] all = java.util.Arrays.copyOf(prompt, prompt.length + tokens.length);
            System.arraycopy(tokens, 0, all, prompt.length, tokens.length);
            try (NDManager m = root.newSubManager(); NoGrad noGrad = NoGrad.open()) {
                model.tempAttach(m);
                float[] full = model.forward(m.create(new long[][] {all})).toFloatArray();
                for (int k = 0; k < tokens.length; k++) {
                    float[] expected = slice(full, prompt.length - 1 + k, vocab);
                    assertThat(kept[k]).as("row " + b + " step " + k).containsExactly(expected, within(1e-3f));
                    assertThat(argmax(kept[k])).isEqualTo(tokens[k]); // greedy chose the largest
                }
            }
        }
    }

    @Test
    void lastPositionLogitsEqualThoseOfTheFullForward() {
        long[][] ids = {{1, 7, 3, 9, 22, 5}, {1, 2, 2, 40, 41, 6}};
        try (NDManager m = root.newSubManager(); NoGrad noGrad = NoGrad.open()) {
            model.tempAttach(m);
            float[] full = model.forward(m.create(ids)).toFloatArray(); // (2, 6, V)
            NDArray last = model.forwardLast(m.create(ids), null, null, null);
            assertThat(last.getShape().getShape()).containsExactly(2, 1, 50);
            float[] got = last.toFloatArray();
            for (int b = 0; b < 2; b++) {
                assertThat(slice(got, b, 50)).containsExactly(slice(full, b * 6 + 5, 50), within(1e-4f));
            }
        }
    }

    private static long argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static float[] slice(float[] logits, int position, int vocab) {
        return java.util.Arrays.copyOfRange(logits, position * vocab, (position + 1) * vocab);
    }
}
