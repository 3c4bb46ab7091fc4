package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Group-wise asymmetric INT-N weight: {@code W~[o,i] = s[o,grp(i)] * (q[o,i] - z[o,grp(i)])}, one
 * scale and one zero per output row and per group of {@code groupSize} input columns (groupSize ==
 * cols is per-row). Zeros are floats because a merged QA-LoRA moves them off the integers.
 */
public final class IntNWeight implements QuantizedTensor {
    public static final int[] SUPPORTED_BITS = {2, 3, 4, 8};

    private final int rows;
    private final int cols;
    private final int bits;
    private final int groupSize;
    private final byte[] packed; // codes q, row-major, bit-packed (BitPacking)
    private final float[] scales; // (rows, groups)
    private final float[] zeros; // (rows, groups)

    public IntNWeight(int rows, int cols, int bits, int groupSize, byte[] packed, float[] scales, float[] zeros) {
        checkShape(rows, cols, bits, groupSize);
        int groups = cols / groupSize;
        if (packed.length != BitPacking.packedLength((long) rows * cols, bits)) {
            throw new IllegalArgumentException("qweight has " + packed.length + " bytes, expected "
                    + BitPacking.packedLength((long) rows * cols, bits) + " for " + rows + "x" + cols + " at " + bits + " bits");
        }
        if (scales.length != rows * groups || zeros.length != rows * groups) {
            throw new IllegalArgumentException("scales/zeros need " + rows + "x" + groups + " values, got "
                    + scales.length + " and " + zeros.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.bits = bits;
        this.groupSize = groupSize;
        this.packed = packed;
        this.scales = scales;
        this.zeros = zeros;
    }

    /**
     * Rebuilds a weight from its saved tensors ({@link #tensors}), given the shape it must have;
     * {@code groupSize <= 0} is one group per row.
     */
    public static IntNWeight fromTensors(Map<String, NDArray> tensors, int rows, int cols, int bits, int groupSize) {
        NDArray qweight = require(tensors, "qweight");
        float[] scales = require(tensors, "scales").toType(DataType.FLOAT32, false).toFloatArray();
        float[] zeros = require(tensors, "zeros").toType(DataType.FLOAT32, false).toFloatArray();
        return new IntNWeight(rows, cols, bits, resolveGroupSize(groupSize, cols), qweight.toByteArray(), scales, zeros);
    }

    private static NDArray require(Map<String, NDArray> tensors, String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("quantized layer is missing tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        return a;
    }

    static void checkShape(int rows, int cols, int bits, int groupSize) {
        if (Arrays.stream(SUPPORTED_BITS).noneMatch(b -> b == bits)) {
            throw new IllegalArgumentException("bits must be one of " + Arrays.toString(SUPPORTED_BITS) + ", got " + bits);
        }
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("weight shape must be positive, got " + rows + "x" + cols);
        }
        if (groupSize <= 0 || cols % groupSize != 0) {
            throw new IllegalArgumentException("group size " + groupSize + " must divide the " + cols + " input columns");
        }
    }

    /** The group size to use: {@code groupSize <= 0} means one group per row (GPTQ's -1). */
    public static int resolveGroupSize(int groupSize, int cols) {
        return groupSize <= 0 ? cols : groupSize;
    }

    /**
     * Refuses a group size that makes no sense for quantizing: -1 means one group per row; otherwise a
     * group's scale and zero (64 bits) must cost less than the float weights they replace, so that
     * {@code bits + 64 / groupSize < 32} bits per weight (group size 1 would be larger than the float model).
     */
    public static void checkGroupSize(int groupSize, int bits) {
        if (groupSize == -1) return;
        if (groupSize < 1) {
            throw new IllegalArgumentException("group size " + groupSize + " makes no sense: give the input columns per group"
                    + " (32, 64, 128, ...) or -1 for one group per row");
        }
        if (bits + 64.0 / groupSize >= 32) {
            throw new IllegalArgumentException("group size " + groupSize + " makes no sense at " + bits + " bits: each group's"
                    + " scale and zero would make the model larger than the float one; use 32, 64 or 128");
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    public int bits() {
        return bits;
    }

    public int groupSize() {
        return groupSize;
    }

    public int groups() {
        return cols / groupSize;
    }

    public byte[] packed() {
        return packed.clone();
    }

    public float[] scales() {
        return scales.clone();
    }

    public float[] zeros() {
        return zeros.clone();
    }

    public int[] codes() {
        return BitPacking.unpack(packed, bits, rows * cols);
    }

    /** The same codes and scales with new zeros: how a QA-LoRA adapter is merged. */
    public IntNWeight withZeros(float[] newZeros) {
        return new IntNWeight(rows, cols, bits, groupSize, packed, scales, newZeros.clone());
    }

    @Override
    public float[] dequantize() {
        int[] q = codes();
        int groups = groups();
        float[] w = new float[rows * cols];
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                int k = o * groups + i / groupSize;
                w[o * cols + i] = scales[k] * (q[o * cols + i] - zeros[k]);
            }
        }
        return w;
    }

    @Override
    public long storedBytes() {
        return packed.length + 4L * (scales.length + zeros.length);
    }

    /** GPTQ-style names: qweight is our bit stream (uint8), scales and zeros (rows, groups) are floats (not packed qzeros). */
    @Override
    public Map<String, NDArray> tensors(NDManager manager) {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("qweight", manager.create(ByteBuffer.wrap(packed.clone()), new Shape(packed.length), DataType.UINT8));
        t.put("scales", manager.create(scales.clone(), new Shape(rows, groups())));
        t.put("zeros", manager.create(zeros.clone(), new Shape(rows, groups())));
        return t;
    }
}
