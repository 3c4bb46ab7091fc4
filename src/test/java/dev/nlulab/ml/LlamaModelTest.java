package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlamaModelTest {
    static {
        TinyModels.init();
    }

    /** A stand-in adapter: the frozen base plus a trainable scale on the output. */
    private record Scaled(Linear base, NDArray scale) implements Linear {
        public NDArray forward(NDArray x) {
            return base.forward(x).mul(scale);
        }

        public long inFeatures() {
            return base.inFeatures();
        }

        public long outFeatures() {
            return base.outFeatures();
        }

        public List<NDArray> trainable() {
            return List.of(scale);
        }

        public Map<String, NDArray> tensors() {
            return Map.of("weight", ((DenseLinear) base).weight(), "scale", scale);
        }
    }

    @Test
    void groupedQueryAttentionEqualsMultiHeadAttentionWithEachKeyHeadCopiedToItsGroup() {
        LlamaConfig grouped = TinyModels.config(); // 4 query heads, 2 key/value heads of 4 dims
        LlamaConfig multiHead = LlamaConfig.of(16, 24, 2, 4, 4, 13, 64, false);
        try (NDManager root = NDManager.newBaseManager(); LlamaModel gqa = LlamaModel.random(grouped, 3, root)) {
            Map<String, NDArray> weights = new java.util.LinkedHashMap<>();
            gqa.tensors().forEach((name, w) -> {
                boolean keyOrValue = name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight");
                // query heads 0, 1 read key head 0 and query heads 2, 3 key head 1: rows 0-3, 0-3, 4-7, 4-7
                weights.put(name, keyOrValue ? w.get("0:4").concat(w.get("0:4")).concat(w.get("4:8")).concat(w.get("4:8")) : w.duplicate());
            });
            try (LlamaModel mha = LlamaModel.fromTensors(multiHead, weights, root.newSubManager(), "copied heads");
                 NDManager m = root.newSubManager()) {
                gqa.tempAttach(m);
                mha.tempAttach(m);
                NDArray ids = m.create(new long[][] {{1, 5, 2, 9, 4, 4, 7}, {3, 3, 8, 1, 0, 12, 6}});
                float[] expected = gqa.forward(ids).toFloatArray();
                float[] actual = mha.forward(ids).toFloatArray();
                for (int i = 0; i < expected.length; i++) assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void projectionsAreNamedLikeHuggingFaceAndReplaceable() {
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = LlamaModel.random(TinyModels.config(), 1, root)) {
            assertThat(model.linears().keySet()).hasSize(14).startsWith(
                    "model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.k_proj", "model.layers.0.self_attn.v_proj",
                    "model.layers.0.self_attn.o_proj", "model.layers.0.mlp.gate_proj", "model.layers.0.mlp.up_proj",
                    "model.layers.0.mlp.down_proj");
            assertThat(model.trainable()).hasSize(1 + 2 * 2 + 1 + 1 + 14); // embed, norms, final norm, head, linears
            long[][] ids = {{1, 2, 3, 4}};
            float[] before;
            try (NDManager m = root.newSubManager()) {
                model.tempAttach(m);
                before = model.forward(m.create(ids)).toFloatArray();
            }
            model.freezeAll();
            assertThat(model.trainable()).isEmpty();
            String name = "model.layers.1.mlp.down_proj";
            NDArray scale = model.manager().create(0f);
            scale.setRequiresGradient(true);
            model.setLinear(name, new Scaled(model.linears().get(name), scale));
            assertThat(model.trainable()).containsExactly(scale);
            assertThat(model.tensors()).containsKeys(name + ".weight", name + ".scale");
            try (NDManager m = root.newSubManager()) {
                model.tempAttach(m);
                assertThat(model.forward(m.create(ids)).toFloatArray()).isNotEqualTo(before);
            }
            assertThatThrownBy(() -> model.setLinear("model.layers.0.self_attn.q_proj", model.linears().get(name)))
                    .hasMessageContaining("model.layers.0.self_attn.q_proj").hasMessageContaining("(16, 24)");
            assertThatThrownBy(() -> model.setLinear("model.layers.9.mlp.up_proj", model.linears().get(name)))
                    .hasMessageContaining("no linear named model.layers.9.mlp.up_proj");
        }
    }
}
