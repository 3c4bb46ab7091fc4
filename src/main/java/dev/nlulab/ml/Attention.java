package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Causal self-attention with grouped queries: H query heads share KV key/value heads, H/KV queries
 * per group. Groups are a reshape (B, KV, H/KV, T, hd) that broadcasts against keys (B, KV, 1, S, hd),
 * which is what Hugging Face's repeat_kv computes, without copying the keys.
 */
final class Attention {
    Linear q; // (H*hd, D)
    Linear k; // (KV*hd, D)
    Linear v; // (KV*hd, D)
    Linear o; // (D, H*hd)
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final NDArray scale; // (): 1/sqrt(hd), made once (docs/djl-pitfalls.md #9)

    Attention(Linear q, Linear k, Linear v, Linear o, LlamaConfig config, NDManager manager) {
        this.q = q;
        this.k = k;
        this.v = v;
        this.o = o;
        this.heads = config.numAttentionHeads();
        this.kvHeads = config.numKeyValueHeads();
        this.headDim = config.headDim();
        // an array, not a Number overload (docs/djl-pitfalls.md #1)
        this.scale = manager.create((float) (1.0 / Math.sqrt(headDim)));
    }

    /**
     * x (B, T, D); angles those of the T positions; bias (B|1, 1, 1, T, S) with 0 where a key is visible and a
     * large negative number where not; cache may be null; weightsOut, when not null, receives this
     * layer's attention weights (B, H, T, S).
     */
    NDArray forward(NDArray x, RotaryEmbedding.Angles angles, NDArray bias, KvCache cache, int layer, List<NDArray> weightsOut) {
        Shape shape = x.getShape(); // a JNI call each time: read once
        long b = shape.get(0);
        long t = shape.get(1);
        int group = heads / kvHeads;
        NDArray query = heads(q.forward(x), heads, b, t);                             // (B, H, T, hd)
        NDArray key = heads(k.forward(x), kvHeads, b, t);                             // (B, KV, T, hd)
        NDArray value = heads(v.forward(x), kvHeads, b, t);                           // (B, KV, T, hd)
        query = angles.rotate(query);                                                 // (B, H, T, hd)
        key = angles.rotate(key);                                                     // (B, KV, T, hd)
        if (cache != null) {
            NDList all = cache.append(layer, key, value);
            key = all.get(0);                                                         // (B, KV, S, hd)
            value = all.get(1);                                                       // (B, KV, S, hd)
        }
        NDArray grouped = query.mul(scale).reshape(b, kvHeads, group, t, headDim);    // (B, KV, G, T, hd)
        NDArray scores = grouped.matMul(key.expandDims(2).transpose(0, 1, 2, 4, 3));   // (B, KV, G, T, S)
        if (bias != null) scores = scores.add(bias);                                  // null: every key visible
        NDArray weights = scores.softmax(4);                                          // (B, KV, G, T, S)
        if (weightsOut != null) weightsOut.add(weights.reshape(b, heads, t, -1));     // (B, H, T, S)
        NDArray mixed = weights.matMul(value.expandDims(2));                          // (B, KV, G, T, hd)
        // one token: (B, H, 1, hd) is laid out as (B, 1, H*hd) already, so no transpose
        NDArray merged = t == 1 ? mixed.reshape(b, 1, (long) heads * headDim)
                : mixed.reshape(b, heads, t, headDim).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim); // (B, T, H*hd)
        return o.forward(merged);                                                     // (B, T, D)
    }

    /** (B, T, n*hd) -> (B, n, T, hd); for one token a reshape alone, as the layout is the same. */
    private NDArray heads(NDArray projected, int n, long b, long t) {
        return t == 1 ? projected.reshape(b, n, 1, headDim) : projected.reshape(b, t, n, headDim).transpose(0, 2, 1, 3);
    }
}
