package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Map;

/**
 * A weight matrix (rows = output features, cols = input features) stored in a low-bit format.
 * One small type per format ({@link IntNWeight}, {@link Nf4Weight}), like llama3.java's tensor
 * classes; {@link QuantizedLinear} runs any of them.
 */
public interface QuantizedTensor {
    int rows();

    int cols();

    /** The float weight the format stands for, row-major (rows, cols). */
    float[] dequantize();

    /** Bytes this format really keeps: packed codes plus its constants. */
    long storedBytes();

    /** What a checkpoint stores for this format, named relative to the layer ("qweight", "scales", ...). */
    Map<String, NDArray> tensors(NDManager manager);

    default NDArray toNDArray(NDManager manager) {
        return manager.create(dequantize(), new Shape(rows(), cols()));
    }
}
