package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.DenseLinear;
import dev.nlulab.ml.Linear;

/** The float weight (out, in) of any {@link Linear}, whatever its storage. */
public final class LinearWeights {
    private LinearWeights() {
    }

    /** Row-major (out, in). */
    public static float[] of(Linear linear, NDManager manager) {
        if (linear instanceof DenseLinear dense) {
            return dense.weight().toFloatArray();
        }
        if (linear instanceof QuantizedLinear q) {
            return q.weight().dequantize();
        }
        if (linear instanceof Nf4Linear nf4) {
            return nf4.weight().dequantize();
        }
        // any other linear map: forwarding the identity gives I W^T = W^T
        try (NDManager scope = manager.newSubManager()) {
            NDArray eye = scope.eye(Math.toIntExact(linear.inFeatures()));
            return linear.forward(eye).transpose().toFloatArray(); // (in, out) -> (out, in)
        }
    }
}
