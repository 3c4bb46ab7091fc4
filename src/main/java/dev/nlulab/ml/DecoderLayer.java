package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;

import java.util.List;

/** One pre-norm transformer block: {@code h = x + attn(norm(x)); out = h + mlp(norm(h))}. */
final class DecoderLayer {
    final RmsNorm inputNorm;         // (D)
    final RmsNorm postAttentionNorm; // (D)
    final Attention attention;
    final Mlp mlp;
    private final int index;

    DecoderLayer(int index, RmsNorm inputNorm, Attention attention, RmsNorm postAttentionNorm, Mlp mlp) {
        this.index = index;
        this.inputNorm = inputNorm;
        this.attention = attention;
        this.postAttentionNorm = postAttentionNorm;
        this.mlp = mlp;
    }

    NDArray forward(NDArray x, RotaryEmbedding.Angles angles, NDArray bias, KvCache cache, List<NDArray> weightsOut) { // (B, T, D)
        NDArray h = x.add(attention.forward(inputNorm.forward(x), angles, bias, cache, index, weightsOut)); // (B, T, D)
        return h.add(mlp.forward(postAttentionNorm.forward(h)));                                 // (B, T, D)
    }

    Linear projection(Projection p) {
        return switch (p) {
            case Q -> attention.q;
            case K -> attention.k;
            case V -> attention.v;
            case O -> attention.o;
            case GATE -> mlp.gate;
            case UP -> mlp.up;
            case DOWN -> mlp.down;
        };
    }

    void setProjection(Projection p, Linear layer) {
        switch (p) {
            case Q -> attention.q = layer;
            case K -> attention.k = layer;
            case V -> attention.v = layer;
            case O -> attention.o = layer;
            case GATE -> mlp.gate = layer;
            case UP -> mlp.up = layer;
            case DOWN -> mlp.down = layer;
        }
    }
}
