package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** RMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight} over the last axis (no mean subtraction, no bias). */
final class RmsNorm {
    final NDArray weight; // (D)
    private final NDArray eps;  // (): made once, in the model's manager (docs/djl-pitfalls.md #9)
    private static final int[] LAST = {-1};

    RmsNorm(NDArray weight, double eps, NDManager manager) {
        this.weight = weight;
        this.eps = manager.create((float) eps);
    }

    NDArray forward(NDArray x) {                                        // (..., D)
        NDArray meanSquare = x.square().mean(LAST, true);               // (..., 1)
        // eps as an array, not a Number overload, which would corrupt gradients after a GC (docs/djl-pitfalls.md #1)
        NDArray rms = meanSquare.add(eps).sqrt();                       // (..., 1)
        return x.div(rms).mul(weight);                                  // (..., D)
    }
}
