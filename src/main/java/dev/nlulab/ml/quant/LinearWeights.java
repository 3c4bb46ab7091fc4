package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;

/** The float weight of any {@link Linear}, whatever its storage: forwarding the identity gives W^T. */
public final class LinearWeights {
    private LinearWeights() {
    }

    /** Row-major (out, in). */
    public static float[] of(Linear linear, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray eye = scope.eye(Math.toIntExact(linear.inFeatures()));
            return linear.forward(eye).transpose().toFloatArray(); // I W^T = W^T, (in, out) -> (out, in)
        }
    }
}
