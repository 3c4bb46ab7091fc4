package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of earlier positions, per layer, so a decode step attends to them without
 * recomputing. The cache owns its manager: close it when the request ends (docs/djl-pitfalls.md #6), and
 * each append frees the previous, shorter arrays.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;   // per layer (B, KV, S, hd)
    private final NDArray[] values; // per layer (B, KV, S, hd)

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions already cached (S before this step). */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    /** Layer {@code layer}'s keys (B, KV, S, hd), or its values with {@code key} false; null before the first append. */
    NDArray cached(int layer, boolean key) {
        return key ? keys[layer] : values[layer];
    }

    int layers() {
        return keys.length;
    }

    /** Appends this step's k, v (B, KV, T, hd) and returns the whole (B, KV, S+T, hd) pair. */
    NDList append(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDList(keys[layer], values[layer]);
    }

    /**
     * Fills this empty cache with {@code rows} (each of batch 1) as one batch, each row's positions
     * left-padded with zeros to {@code length}: the layout of left-padded prompts, whose padding the
     * attention mask hides.
     */
    void stackLeftPadded(java.util.List<KvCache> rows, long length) {
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = stack(rows, layer, true, length);
            values[layer] = stack(rows, layer, false, length);
        }
    }

    private NDArray stack(java.util.List<KvCache> rows, int layer, boolean key, long length) {
        NDList padded = new NDList();
        for (KvCache row : rows) {
            NDArray a = key ? row.keys[layer] : row.values[layer];               // (1, KV, S_b, hd)
            Shape s = a.getShape();
            long pad = length - s.get(2);
            padded.add(pad == 0 ? a : NDArrays.concat(new NDList(a.getManager().zeros(new Shape(1, s.get(1), pad, s.get(3))), a), 2));
        }
        NDArray all = padded.size() == 1 ? padded.get(0).duplicate() : NDArrays.concat(padded, 0); // (B, KV, length, hd)
        all.attach(manager);
        return all;
    }

    /** Keeps only the batch rows at {@code rows} (in that order): rows that finished decoding leave. */
    void keepRows(long[] rows) {
        NDArray index = manager.create(rows);
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = select(keys[layer], index);
            values[layer] = select(values[layer], index);
        }
        index.close();
    }

    private static NDArray select(NDArray all, NDArray index) {
        NDArray kept = all.get(new ai.djl.ndarray.index.NDIndex("{}", index)); // in all's manager: this cache's
        all.close();
        return kept;
    }

    private NDArray grow(NDArray old, NDArray step) {
        NDArray all = old == null ? step : NDArrays.concat(new NDList(old, step), 2);
        all.attach(manager);
        if (old != null) old.close();
        return all;
    }

    @Override
    public void close() {
        manager.close();
    }
}
