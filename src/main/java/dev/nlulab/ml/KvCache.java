package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

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

    /** Appends this step's k, v (B, KV, T, hd) and returns the whole (B, KV, S+T, hd) pair. */
    NDList append(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDList(keys[layer], values[layer]);
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
