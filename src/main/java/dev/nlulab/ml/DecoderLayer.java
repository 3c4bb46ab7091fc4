package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/** One pre-norm transformer block: {@code h = x + attn(norm(x)); out = h + mlp(norm(h))}. */
final class DecoderLayer {
    final RmsNorm inputNorm;
    final RmsNorm postAttentionNorm;
    private final Attention attention;
    private final Mlp mlp;
    private final int index;

    DecoderLayer(int index, Map<String, Linear> linears, RmsNorm inputNorm, RmsNorm postAttentionNorm,
                 LlamaConfig config) {
        this.index = index;
        String prefix = "model.layers." + index + ".";
        this.inputNorm = inputNorm;
        this.postAttentionNorm = postAttentionNorm;
        this.attention = new Attention(linears, prefix + "self_attn.", config);
        this.mlp = new Mlp(linears, prefix + "mlp.");
    }

    NDArray forward(NDArray x, NDArray cos, NDArray sin, NDArray bias, KvCache cache) { // (B, T, D)
        NDArray h = x.add(attention.forward(inputNorm.forward(x), cos, sin, bias, cache, index));
        return h.add(mlp.forward(postAttentionNorm.forward(h)));
    }
}
