package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in the Hugging Face Llama layout ("rotate half"): the first and second
 * halves of each head vector are the two coordinates rotated by angle position * theta^(-2i/d).
 * Its constant arrays and indices are made once: a decode step is bound by the count of calls
 * (docs/djl-pitfalls.md #9).
 */
final class RotaryEmbedding {
    private final NDArray inverseFrequencies; // (1, 1, hd/2)
    private final NDArray halfSigns;          // (hd): -1 on the first half, +1 on the second
    private final NDIndex firstHalf;          // [..., :hd/2]
    private final NDIndex secondHalf;         // [..., hd/2:]

    RotaryEmbedding(int headDim, double theta, NDManager manager) {
        int half = headDim / 2;
        float[] inverse = new float[half];
        float[] signs = new float[headDim];
        for (int i = 0; i < half; i++) {
            inverse[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
            signs[i] = -1f;
            signs[half + i] = 1f;
        }
        inverseFrequencies = manager.create(inverse, new Shape(1, 1, half));
        halfSigns = manager.create(signs);
        firstHalf = new NDIndex("..., :" + half);
        secondHalf = new NDIndex("..., " + half + ":");
    }

    /** positions (B, T) int64 -> the angles of each position, cos and sin each (B, 1, T, hd), ready to broadcast over heads. */
    Angles angles(NDArray positions) {
        Shape bt = positions.getShape();
        NDArray angles = positions.toType(DataType.FLOAT32, false).reshape(bt.get(0), bt.get(1), 1).mul(inverseFrequencies); // (B, T, hd/2)
        NDArray both = NDArrays.concat(new NDList(angles, angles), 2).expandDims(1); // (B, 1, T, hd)
        return new Angles(both.cos(), both.sin().mul(halfSigns));
    }

    /** cos (B, 1, T, hd) and sin with its first half negated, which is rotate_half's minus sign. */
    final class Angles {
        private final NDArray cos;
        private final NDArray signedSin;

        private Angles(NDArray cos, NDArray signedSin) {
            this.cos = cos;
            this.signedSin = signedSin;
        }

        /**
         * x (B, h, T, hd) rotated: {@code x cos + rotate_half(x) sin}, rotate_half(x) = (-x2, x1); the
         * minus sign is in signedSin, which gives the same floats as negating x2 (a sign flip is exact).
         */
        NDArray rotate(NDArray x) {
            NDArray swapped = NDArrays.concat(new NDList(x.get(secondHalf), x.get(firstHalf)), 3); // (B, h, T, hd): (x2, x1)
            return x.mul(cos).add(swapped.mul(signedSin));                                        // (B, h, T, hd)
        }
    }
}
