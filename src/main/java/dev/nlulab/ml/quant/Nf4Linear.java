package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.nlulab.ml.Linear;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A frozen NF4 linear layer (QLoRA's base); the float weight is cached for the matMul. */
public final class Nf4Linear implements Linear {
    private final Nf4Weight weight;
    private final NDArray weightT; // (in, out), dequantized
    private final Map<String, NDArray> stored; // bitsandbytes-like names: packed 4-bit "weight", per-block "weight.absmax"

    public Nf4Linear(Nf4Weight weight, NDManager manager) {
        this.weight = weight;
        this.weightT = weight.toNDArray(manager).transpose();
        byte[] packed = weight.packed();
        float[] absmax = weight.absmax();
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("weight", manager.create(ByteBuffer.wrap(packed), new Shape(packed.length), DataType.UINT8));
        t.put("weight.absmax", manager.create(absmax, new Shape(absmax.length)));
        this.stored = Collections.unmodifiableMap(t);
    }

    public Nf4Weight weight() {
        return weight;
    }

    @Override
    public NDArray forward(NDArray x) {
        return x.matMul(weightT);
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
