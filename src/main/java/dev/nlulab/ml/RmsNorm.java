package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;

/** RMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight} over the last axis (no mean subtraction, no bias). */
final class RmsNorm {
    final NDArray weight; // (D)
    private final float eps;

    RmsNorm(NDArray weight, double eps) {
        this.weight = weight;
        this.eps = (float) eps;
    }

    NDArray forward(NDArray x) {                                        // (..., D)
        int last = x.getShape().dimension() - 1;
        NDArray meanSquare = x.square().mean(new int[] {last}, true);   // (..., 1)
        // eps as an array of the step: a Number overload here would corrupt gradients after a GC (docs/djl-pitfalls.md #1)
        NDArray rms = meanSquare.add(x.getManager().create(eps)).sqrt(); // (..., 1)
        return x.div(rms).mul(weight);                                  // (..., D)
    }
}
