package dev.nlulab.ml.quant;

import java.util.Locale;

/** How a float weight becomes INT-N: round-to-nearest, or GPTQ with a layer's calibration inputs. */
public enum Requantizer {
    RTN,
    GPTQ;

    /**
     * @param weight row-major (rows, cols)
     * @param calibration the layer's inputs, row-major (samples, cols); required by GPTQ, ignored by RTN
     */
    public IntNWeight quantize(float[] weight, int rows, int cols, int bits, int groupSize, float[] calibration) {
        if (this == RTN) {
            return RoundToNearest.quantize(weight, rows, cols, bits, groupSize);
        }
        if (calibration == null) {
            throw new IllegalArgumentException("GPTQ needs calibration inputs for a " + rows + "x" + cols + " layer");
        }
        return Gptq.quantize(weight, rows, cols, calibration, bits, groupSize, Gptq.DEFAULT_DAMPING);
    }

    public static Requantizer parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown quantizer '" + name + "': use rtn or gptq");
        }
    }
}
