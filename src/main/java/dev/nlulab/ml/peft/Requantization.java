package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.QuantizedLinear;
import dev.nlulab.ml.quant.Requantizer;

import java.util.Map;

/**
 * How a merged QLoRA layer goes back to INT-N: the paper's "QLoRA w/ GPTQ" baseline. Merging
 * dequantizes the NF4 base, adds (alpha/r) B A, and quantizes the float sum again.
 *
 * @param calibration layer name -> its inputs (samples, in); needed by GPTQ only
 */
public record Requantization(Requantizer quantizer, int bits, int groupSize, Map<String, float[]> calibration) {

    public static Requantization rtn(int bits, int groupSize) {
        return new Requantization(Requantizer.RTN, bits, groupSize, Map.of());
    }

    public static Requantization gptq(int bits, int groupSize, Map<String, float[]> calibration) {
        return new Requantization(Requantizer.GPTQ, bits, groupSize, calibration);
    }

    /** The merged float layer {@code merged} of the model's layer {@code name} (whose calibration inputs GPTQ uses), in INT-N. */
    public QuantizedLinear apply(String name, Linear merged, NDManager manager) {
        int rows = Math.toIntExact(merged.outFeatures());
        int cols = Math.toIntExact(merged.inFeatures());
        float[] weight = merged.floatWeight(manager);
        float[] inputs = calibration.get(name);
        if (quantizer == Requantizer.GPTQ && inputs == null) {
            throw new IllegalArgumentException("GPTQ re-quantization has no calibration inputs for " + name);
        }
        IntNWeight w = quantizer.quantize(weight, rows, cols, bits, groupSize, inputs);
        return new QuantizedLinear(w, manager);
    }
}
