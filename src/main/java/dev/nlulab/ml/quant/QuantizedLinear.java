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

/**
 * A frozen INT-N linear layer. The stored weight is the packed codes with their scales and zeros;
 * the dequantized float weight is cached once for the matMul (CPU PyTorch has no INT-N kernels).
 */
public final class QuantizedLinear implements Linear {
    private final IntNWeight weight;
    private final NDArray weightT; // (in, out), dequantized
    private final Map<String, NDArray> stored; // qweight, scales, zeros: made once, so savers and scopes see the same arrays

    public QuantizedLinear(IntNWeight weight, NDManager manager) {
        this.weight = weight;
        this.weightT = weight.toNDArray(manager).transpose();
        Map<String, NDArray> t = new LinkedHashMap<>();
        byte[] packed = weight.packed();
        t.put("qweight", manager.create(ByteBuffer.wrap(packed), new Shape(packed.length), DataType.UINT8));
        t.put("scales", manager.create(weight.scales(), new Shape(weight.rows(), weight.groups())));
        t.put("zeros", manager.create(weight.zeros(), new Shape(weight.rows(), weight.groups())));
        this.stored = Collections.unmodifiableMap(t);
    }

    /** Rebuilds a layer from its saved tensors ({@link #tensors()}), given the shape it must have. */
    public static QuantizedLinear fromTensors(Map<String, NDArray> tensors, int outFeatures, int inFeatures, int bits,
            int groupSize, NDManager manager) {
        NDArray qweight = require(tensors, "qweight");
        float[] scales = require(tensors, "scales").toType(DataType.FLOAT32, false).toFloatArray();
        float[] zeros = require(tensors, "zeros").toType(DataType.FLOAT32, false).toFloatArray();
        int g = IntNWeight.resolveGroupSize(groupSize, inFeatures);
        return new QuantizedLinear(new IntNWeight(outFeatures, inFeatures, bits, g, qweight.toByteArray(), scales, zeros),
                manager);
    }

    private static NDArray require(Map<String, NDArray> tensors, String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("quantized layer is missing tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        return a;
    }

    public IntNWeight weight() {
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

    /** GPTQ-style names; qweight is our bit stream (uint8), zeros are floats (not packed qzeros). */
    @Override
    public Map<String, NDArray> tensors() {
        return stored;
    }
}
