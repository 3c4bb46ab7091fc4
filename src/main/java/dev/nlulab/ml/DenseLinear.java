package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.List;
import java.util.Map;

/** The plain float32 projection {@code y = x W^T}, W of shape (out, in) as in Hugging Face checkpoints. */
public final class DenseLinear implements Linear {
    private final NDArray weight; // (out, in)
    private boolean trainable;

    public DenseLinear(NDArray weight, boolean trainable) {
        if (weight.getShape().dimension() != 2) {
            throw new IllegalArgumentException("a linear weight is (out, in), got " + weight.getShape());
        }
        this.weight = weight.getDataType() == DataType.FLOAT32 ? weight : weight.toType(DataType.FLOAT32, false);
        setTrainable(trainable);
    }

    @Override
    public NDArray forward(NDArray x) {
        return linear(x, weight); // (..., in) -> (..., out)
    }

    /**
     * x W^T as one torch.linear call, which computes matmul(x, W.t()) itself: one op where a transpose
     * view and a matmul were two (decoding a small model is bound by the count of ops).
     */
    static NDArray linear(NDArray x, NDArray weight) {
        return ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow();
    }

    public NDArray weight() {
        return weight;
    }

    @Override
    public float[] floatWeight(NDManager manager) {
        return weight.toFloatArray();
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        weight.setRequiresGradient(trainable);
    }

    public boolean isTrainable() {
        return trainable;
    }

    @Override
    public long inFeatures() {
        return weight.getShape().get(1);
    }

    @Override
    public long outFeatures() {
        return weight.getShape().get(0);
    }

    @Override
    public List<NDArray> trainable() {
        return trainable ? List.of(weight) : List.of();
    }

    @Override
    public Map<String, NDArray> tensors() {
        return Map.of("weight", weight);
    }
}
