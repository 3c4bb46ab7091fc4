package dev.nlulab.ml;

/**
 * Decode steps on Java arrays: each live row's newest token through the model, attending to the row's
 * cached positions, to its next-token logits. The math of {@link LlamaModel#forwardLast} with a KV
 * cache (pre-norm blocks, grouped-query attention with rotate-half rotary positions, a SwiGLU MLP, the
 * final RMSNorm and the LM head), without DJL: a small model's decode step is a few hundred tiny ops
 * whose fixed cost per call outweighs their arithmetic (docs/djl-pitfalls.md #9). The prompt is read
 * by DJL, whose batched matrix products are fast; its cache is copied out once ({@link ArrayKvCache}).
 */
final class ArrayDecoder {
    private final ArrayWeights w;
    private final ArrayKvCache cache;
    private final int[] padding;               // per batch row: the columns before its first real token
    private final float[] inverseFrequencies;  // (hd/2), as RotaryEmbedding's
    private final int d;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int ffn;
    private final float eps;
    private final float scale;                 // 1/sqrt(hd)

    /** Decodes on from {@code prefilled}, the cache of the left-padded prompts; {@code capacity}: prompt + new tokens. */
    ArrayDecoder(ArrayWeights weights, KvCache prefilled, int[] padding, int capacity) {
        LlamaConfig c = weights.config;
        this.w = weights;
        this.cache = new ArrayKvCache(prefilled, capacity);
        this.padding = padding.clone();
        this.d = c.hiddenSize();
        this.heads = c.numAttentionHeads();
        this.kvHeads = c.numKeyValueHeads();
        this.headDim = c.headDim();
        this.ffn = c.intermediateSize();
        this.eps = (float) c.rmsNormEps();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.inverseFrequencies = new float[headDim / 2];
        for (int i = 0; i < headDim / 2; i++) inverseFrequencies[i] = (float) (1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / headDim));
    }

    /**
     * Feeds {@code tokens[i]} of batch row {@code live[i]} at column {@code column} of the left-padded batch
     * (the cache holds the columns before it) and returns the next-token logits, (live rows, V) row-major.
     */
    float[] step(int[] live, long[] tokens, int column) {
        int n = live.length;
        float[][] x = new float[n][d];                                         // [n][D]
        for (int i = 0; i < n; i++) System.arraycopy(w.embedding, Math.toIntExact(tokens[i]) * d, x[i], 0, d);
        for (int l = 0; l < w.layers.length; l++) {
            ArrayWeights.Layer layer = w.layers[l];
            float[][] h = rmsNorm(x, layer.inputNorm());
            float[][] q = product(h, layer.q());                               // [n][H*hd]
            float[][] k = product(h, layer.k());                               // [n][KV*hd]
            float[][] v = product(h, layer.v());                               // [n][KV*hd]
            float[][] mixed = new float[n][heads * headDim];                   // [n][H*hd]
            for (int i = 0; i < n; i++) {
                int row = live[i];
                int position = column - padding[row];                          // counted from the row's first real token
                float[] cos = new float[headDim / 2];
                float[] sin = new float[headDim / 2];
                for (int j = 0; j < headDim / 2; j++) {
                    float angle = position * inverseFrequencies[j];
                    cos[j] = (float) Math.cos(angle);
                    sin[j] = (float) Math.sin(angle);
                }
                rotate(q[i], heads, cos, sin);
                rotate(k[i], kvHeads, cos, sin);
                for (int g = 0; g < kvHeads; g++) {
                    System.arraycopy(k[i], g * headDim, cache.keys(l), cache.at(row, g, column), headDim);
                    System.arraycopy(v[i], g * headDim, cache.values(l), cache.at(row, g, column), headDim);
                }
                attend(l, row, column, q[i], mixed[i]);
            }
            add(x, product(mixed, layer.o()));
            h = rmsNorm(x, layer.postAttentionNorm());
            float[][] gate = product(h, layer.gate());                         // [n][F]
            float[][] up = product(h, layer.up());                             // [n][F]
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < ffn; j++) {
                    float g = gate[i][j];
                    gate[i][j] = g * (float) (1.0 / (1.0 + Math.exp(-g))) * up[i][j]; // silu(gate) * up
                }
            }
            add(x, product(gate, layer.down()));
        }
        float[][] logits = product(rmsNorm(x, w.norm), w.head);              // [n][V]
        int vocab = w.config.vocabSize();
        float[] out = new float[n * vocab];
        for (int i = 0; i < n; i++) System.arraycopy(logits[i], 0, out, i * vocab, vocab);
        return out;
    }

    /**
     * Each query head of {@code row} (in q, its rotated queries) attends over the row's columns from its first real token
     * to {@code column}: the padding before it is skipped, as the attention mask hides it. Query head h
     * reads key/value head h / (H/KV), as grouped-query attention does.
     */
    private void attend(int layer, int row, int column, float[] q, float[] out) {
        float[] keys = cache.keys(layer);
        float[] values = cache.values(layer);
        int first = padding[row];
        float[] weights = new float[column - first + 1];
        int group = heads / kvHeads;
        for (int head = 0; head < heads; head++) {
            int kv = head / group;
            int qs = head * headDim;
            for (int j = 0; j < headDim; j++) q[qs + j] *= scale;
            float max = Float.NEGATIVE_INFINITY;
            for (int p = first; p <= column; p++) {
                int ks = cache.at(row, kv, p);
                float s = 0;
                for (int j = 0; j < headDim; j++) s += q[qs + j] * keys[ks + j];
                weights[p - first] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int p = 0; p < weights.length; p++) {
                weights[p] = (float) Math.exp(weights[p] - max);
                sum += weights[p];
            }
            int os = head * headDim;
            for (int p = first; p <= column; p++) {
                float weight = (float) (weights[p - first] / sum);
                int vs = cache.at(row, kv, p);
                for (int j = 0; j < headDim; j++) out[os + j] += weight * values[vs + j];
            }
        }
    }

    /** Rotates the {@code count} head vectors of x: x cos + rotate_half(x) sin, rotate_half(x) = (-x2, x1) (Hugging Face's layout). */
    private void rotate(float[] x, int count, float[] cos, float[] sin) {
        int half = headDim / 2;
        for (int head = 0; head < count; head++) {
            int s = head * headDim;
            for (int j = 0; j < half; j++) {
                float x1 = x[s + j];
                float x2 = x[s + half + j];
                x[s + j] = x1 * cos[j] - x2 * sin[j];
                x[s + half + j] = x2 * cos[j] + x1 * sin[j];
            }
        }
    }

    /** RMSNorm of each row of x: x / sqrt(mean(x^2) + eps) * weight. */
    private float[][] rmsNorm(float[][] x, float[] weight) {
        float[][] out = new float[x.length][d];
        for (int i = 0; i < x.length; i++) {
            double squares = 0;
            for (int j = 0; j < d; j++) squares += x[i][j] * x[i][j];
            float rms = (float) Math.sqrt((float) (squares / d) + eps);
            for (int j = 0; j < d; j++) out[i][j] = x[i][j] / rms * weight[j];
        }
        return out;
    }

    /**
     * x [n][in] times wT [in][out]: y[i] = sum over k of x[i][k] wT[k]. The inner loop is an element-wise
     * multiply-add over two whole arrays, which C2 vectorizes, and each row of wT is read once for the
     * whole batch.
     */
    static float[][] product(float[][] x, float[][] wT) {
        float[][] y = new float[x.length][wT[0].length];
        for (int k = 0; k < wT.length; k++) {
            float[] row = wT[k];
            for (int i = 0; i < x.length; i++) {
                float xk = x[i][k];
                float[] yi = y[i];
                for (int o = 0; o < yi.length; o++) yi[o] += xk * row[o];
            }
        }
        return y;
    }

    private static void add(float[][] x, float[][] delta) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) x[i][j] += delta[i][j];
        }
    }
}
