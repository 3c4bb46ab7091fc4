package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Generation;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.NoGrad;
import dev.nlulab.ml.TinyModels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A quantized model's decode steps stay on DJL (only dense models decode on Java arrays) and keep its cached decoding exact. */
class QuantizedDecodingTest {
    static {
        TinyModels.init();
    }

    @Test
    void aQuantizedModelDecodesWithItsCacheAsByFullRecomputation() {
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = LlamaModel.random(TinyModels.groupable().withSpecialTokens(1, 13), 21, root)) {
            // eos 13 is outside the vocabulary, so every row runs to its limit; larger weights make the next token depend on the context
            try (NoGrad noGrad = NoGrad.open()) {
                for (NDArray w : model.trainable()) if (w.getShape().dimension() == 2) w.muli(15);
            }
            for (Map.Entry<String, Linear> e : model.linears().entrySet()) {
                Linear dense = e.getValue();
                int rows = Math.toIntExact(dense.outFeatures());
                int cols = Math.toIntExact(dense.inFeatures());
                model.setLinear(e.getKey(), new QuantizedLinear(RoundToNearest.quantize(dense.floatWeight(root), rows, cols, 4, 16), model.manager()));
            }
            Generator generator = new Generator(model, null);
            List<long[]> prompts = List.of(new long[] {1, 5, 3, 8, 2, 7}, new long[] {4, 9}, new long[] {1, 12, 6});
            GenerationConfig config = GenerationConfig.greedy(12).withLogits(true);
            List<Generation> cached = generator.generateIds(prompts, config);
            List<Generation> recomputed = generator.generateIds(prompts, config.withCache(false));
            for (int b = 0; b < prompts.size(); b++) {
                assertThat(cached.get(b).tokens()).as("row " + b).hasSize(12).isEqualTo(recomputed.get(b).tokens());
                for (int k = 0; k < cached.get(b).tokens().length; k++) {
                    assertThat(cached.get(b).stepLogits()[k]).containsExactly(recomputed.get(b).stepLogits()[k], within(1e-4f));
                }
            }
        }
    }
}
