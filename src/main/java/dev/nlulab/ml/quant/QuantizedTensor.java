package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A weight matrix (rows = output features, cols = input features) stored in a low-bit format.
 * One small type per format (INT-N groups, NF4), like llama3.java's tensor classes.
 */
public interface QuantizedTensor {
    int rows();

    int cols();

    /** The float weight the format stands for, row-major (rows, cols). */
    float[] dequantize();

    /** Bytes this format really keeps: packed codes plus its constants. */
    long storedBytes();

    default NDArray toNDArray(NDManager manager) {
        return manager.create(dequantize(), new Shape(rows(), cols()));
    }
}
