package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QLoRA's 4-bit NormalFloat: each block of 64 consecutive weights (row-major) is divided by its
 * absolute maximum and rounded to the nearest of 16 levels that are quantiles of N(0, 1) scaled to
 * [-1, 1] (the standard NF4 table, with an exact 0). With double quantization the per-block absmax
 * constants are themselves stored in 8 bits: mean-centred, then linear int8 per block of 256 with
 * one float scale (bitsandbytes uses a dynamic 8-bit map there; linear keeps it readable).
 */
public final class Nf4Weight implements QuantizedTensor {
    public static final int BLOCK_SIZE = 64;
    public static final int NESTED_BLOCK_SIZE = 256;

    /** The NF4 levels (Dettmers et al., Appendix E / bitsandbytes). */
    public static final float[] LEVELS = {
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
        -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
        0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
        0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f,
    };

    private final int rows;
    private final int cols;
    private final byte[] packed; // 4-bit level indices, two per byte
    private final AbsmaxConstants absmax;

    private Nf4Weight(int rows, int cols, byte[] packed, AbsmaxConstants absmax) {
        this.rows = rows;
        this.cols = cols;
        this.packed = packed;
        this.absmax = absmax;
    }

    public static Nf4Weight quantize(float[] weight, int rows, int cols, boolean doubleQuant) {
        if (weight.length != rows * cols) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + rows + "x" + cols);
        }
        int blocks = (weight.length + BLOCK_SIZE - 1) / BLOCK_SIZE;
        float[] maxes = new float[blocks];
        int[] codes = new int[weight.length];
        for (int b = 0; b < blocks; b++) {
            int end = Math.min(weight.length, (b + 1) * BLOCK_SIZE);
            float max = 0;
            for (int i = b * BLOCK_SIZE; i < end; i++) {
                max = Math.max(max, Math.abs(weight[i]));
            }
            maxes[b] = max > 0 ? max : 1f;
            for (int i = b * BLOCK_SIZE; i < end; i++) {
                codes[i] = nearestLevel(weight[i] / maxes[b]);
            }
        }
        AbsmaxConstants constants = doubleQuant ? AbsmaxConstants.doubleQuantized(maxes) : AbsmaxConstants.plain(maxes);
        return new Nf4Weight(rows, cols, BitPacking.pack(codes, 4), constants);
    }

    static int nearestLevel(float v) {
        int best = 0;
        for (int k = 1; k < LEVELS.length; k++) {
            if (Math.abs(LEVELS[k] - v) < Math.abs(LEVELS[best] - v)) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    public byte[] packed() {
        return packed.clone();
    }

    /** The per-block absmax as the format reproduces it (after double quantization, if any). */
    public float[] absmax() {
        return absmax.values().clone();
    }

    @Override
    public float[] dequantize() {
        int[] codes = BitPacking.unpack(packed, 4, rows * cols);
        float[] maxes = absmax.values();
        float[] w = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            w[i] = LEVELS[codes[i]] * maxes[i / BLOCK_SIZE];
        }
        return w;
    }

    @Override
    public long storedBytes() {
        return packed.length + absmax.storedBytes();
    }

    /** bitsandbytes-like names: the packed 4-bit "weight" (uint8) and the per-block "weight.absmax". */
    @Override
    public Map<String, NDArray> tensors(NDManager manager) {
        float[] maxes = absmax();
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("weight", manager.create(ByteBuffer.wrap(packed()), new Shape(packed.length), DataType.UINT8));
        t.put("weight.absmax", manager.create(maxes, new Shape(maxes.length)));
        return t;
    }

    /** One absmax per block: floats, or (double quantization) int8 codes + a float per 256 + the mean. */
    record AbsmaxConstants(float[] plainValues, byte[] codes, float[] nestedScales, float offset) {

        static AbsmaxConstants plain(float[] maxes) {
            return new AbsmaxConstants(maxes, null, null, 0f);
        }

        static AbsmaxConstants doubleQuantized(float[] maxes) {
            double mean = 0;
            for (float m : maxes) {
                mean += m / (double) maxes.length;
            }
            int nested = (maxes.length + NESTED_BLOCK_SIZE - 1) / NESTED_BLOCK_SIZE;
            byte[] codes = new byte[maxes.length];
            float[] scales = new float[nested];
            for (int b = 0; b < nested; b++) {
                int end = Math.min(maxes.length, (b + 1) * NESTED_BLOCK_SIZE);
                double amax = 0;
                for (int i = b * NESTED_BLOCK_SIZE; i < end; i++) {
                    amax = Math.max(amax, Math.abs(maxes[i] - mean));
                }
                scales[b] = amax > 0 ? (float) (amax / 127) : 1f;
                for (int i = b * NESTED_BLOCK_SIZE; i < end; i++) {
                    codes[i] = (byte) Math.rint((maxes[i] - mean) / scales[b]);
                }
            }
            return new AbsmaxConstants(null, codes, scales, (float) mean);
        }

        float[] values() {
            if (codes == null) {
                return plainValues;
            }
            float[] v = new float[codes.length];
            for (int i = 0; i < codes.length; i++) {
                v[i] = codes[i] * nestedScales[i / NESTED_BLOCK_SIZE] + offset;
            }
            return v;
        }

        long storedBytes() {
            return codes == null ? 4L * plainValues.length : codes.length + 4L * nestedScales.length + 4;
        }
    }
}
