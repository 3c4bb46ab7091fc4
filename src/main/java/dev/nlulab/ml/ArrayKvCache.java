package dev.nlulab.ml;

/**
 * The keys and values of a batch as Java arrays, per layer (B, KV, capacity, hd) row-major: the
 * prefill's {@link KvCache} copied out once (two reads per layer), with room for the positions the
 * decode steps append. A row's positions keep their columns in the left-padded batch; finished rows
 * stay in place and are simply no longer computed.
 */
final class ArrayKvCache {
    private final float[][] keys;   // per layer
    private final float[][] values; // per layer
    private final int kvHeads;
    private final int headDim;
    private final int capacity;

    /** Copies {@code prefilled}'s (B, KV, S, hd) arrays into arrays of {@code capacity} >= S positions. */
    ArrayKvCache(KvCache prefilled, int capacity) {
        int layers = prefilled.layers();
        keys = new float[layers][];
        values = new float[layers][];
        long[] shape = prefilled.cached(0, true).getShape().getShape(); // (B, KV, S, hd), the same in every layer
        int batch = Math.toIntExact(shape[0]);
        kvHeads = Math.toIntExact(shape[1]);
        int length = Math.toIntExact(shape[2]);
        headDim = Math.toIntExact(shape[3]);
        if (capacity < length) throw new IllegalArgumentException("capacity " + capacity + " < cached positions " + length);
        this.capacity = capacity;
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = copy(prefilled.cached(layer, true).toFloatArray(), batch, length);
            values[layer] = copy(prefilled.cached(layer, false).toFloatArray(), batch, length);
        }
    }

    private float[] copy(float[] cached, int batch, int length) {
        float[] out = new float[batch * kvHeads * capacity * headDim];
        for (int bh = 0; bh < batch * kvHeads; bh++) {
            System.arraycopy(cached, bh * length * headDim, out, bh * capacity * headDim, length * headDim);
        }
        return out;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Where the vector of {@code row}, key/value head {@code head}, column {@code position} starts. */
    int at(int row, int head, int position) {
        return ((row * kvHeads + head) * capacity + position) * headDim;
    }
}
