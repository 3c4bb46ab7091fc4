package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * Global-norm clipping: when the norm of all gradients together exceeds max, scale them all by max / norm.
 * Ours, because DJL's clipGrad clamps only from above (docs/djl-pitfalls.md #5).
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /** Clips in place and returns the norm before clipping. {@code max} 0 only measures. */
    static double clipGlobalNorm(List<NDArray> gradients, double max, NDManager scope) {
        double sumOfSquares = 0;
        for (NDArray g : gradients) sumOfSquares += g.square().sum().getFloat();
        double norm = Math.sqrt(sumOfSquares);
        if (max > 0 && norm > max) {
            NDArray factor = scope.create((float) (max / (norm + 1e-6)));
            for (NDArray g : gradients) g.muli(factor);
        }
        return norm;
    }
}
