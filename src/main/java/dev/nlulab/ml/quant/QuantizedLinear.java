package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A frozen linear layer over a {@link QuantizedTensor}: INT-N (a quantized or merged QA-LoRA model)
 * or NF4 (QLoRA's base). The float weight is dequantized once and cached for the matMul, since CPU
 * PyTorch has no low-bit kernels; what is saved is the format's own tensors.
 */
public final class QuantizedLinear implements Linear {
    private final QuantizedTensor weight; // (out, in) in its low-bit format
    private final NDArray weightT;        // (in, out), dequantized
    private final Map<String, NDArray> stored; // made once, so savers and scopes see the same arrays

    public QuantizedLinear(QuantizedTensor weight, NDManager manager) {
        this.weight = weight;
        this.weightT = weight.toNDArray(manager).transpose();
        this.stored = Collections.unmodifiableMap(weight.tensors(manager));
    }

    public QuantizedTensor weight() {
        return weight;
    }

    @Override
    public NDArray forward(NDArray x) {
        return x.matMul(weightT); // (..., in) @ (in, out) -> (..., out)
    }

    @Override
    public float[] floatWeight(NDManager manager) {
        return weight.dequantize();
    }

    @Override
    public long inFeatures() {
        return weight.cols();
    }

    @Override
    public long outFeatures() {
        return weight.rows();
    }

    @Override
    public List<NDArray> trainable() {
        return List.of();
    }

    @Override
    public Map<String, NDArray> tensors() {
        return stored;
    }
}
