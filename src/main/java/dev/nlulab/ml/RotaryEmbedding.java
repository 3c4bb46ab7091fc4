package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in the Hugging Face Llama layout ("rotate half"): the first and second
 * halves of each head vector are the two coordinates rotated by angle position * theta^(-2i/d).
 */
final class RotaryEmbedding {
    private final float[] inverseFrequencies; // (hd/2)

    RotaryEmbedding(int headDim, double theta) {
        inverseFrequencies = new float[headDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            inverseFrequencies[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
        }
    }

    /** positions (B, T) int64 -> cos and sin, each (B, 1, T, hd), ready to broadcast over heads. */
    NDList cosSin(NDArray positions) {
        NDManager m = positions.getManager();
        Shape bt = positions.getShape();
        NDArray inv = m.create(inverseFrequencies).reshape(1, 1, inverseFrequencies.length); // (1, 1, hd/2)
        NDArray angles = positions.toType(DataType.FLOAT32, false).reshape(bt.get(0), bt.get(1), 1).mul(inv); // (B, T, hd/2)
        NDArray both = NDArrays.concat(new NDList(angles, angles), 2).expandDims(1); // (B, 1, T, hd)
        return new NDList(both.cos(), both.sin());                                    // 2 x (B, 1, T, hd)
    }

    /** x (B, h, T, hd) rotated by the angles of cos/sin (B, 1, T, hd). */
    static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(3) / 2;
        NDArray first = x.get(":, :, :, :" + half);                            // (B, h, T, hd/2)
        NDArray second = x.get(":, :, :, " + half + ":");                      // (B, h, T, hd/2)
        NDArray rotated = NDArrays.concat(new NDList(second.neg(), first), 3); // (B, h, T, hd): rotate_half(x)
        return x.mul(cos).add(rotated.mul(sin));                               // (B, h, T, hd)
    }
}
