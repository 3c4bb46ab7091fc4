package dev.nlulab.jobs;

/**
 * Peak training memory of a (quantized) model with trainable adapters, as the scheduler packs it:
 * frozen weights at bits/8 bytes a parameter, adapters in float32 with their gradients and AdamW's
 * two moments (4 + 4 + 8 bytes a parameter), and activations kept for the backward pass,
 * ~ batch x seq x hidden x layers x {@code c} bytes.
 */
public final class MemoryEstimate {
    /**
     * Bytes of activations a transformer block keeps for the backward pass, per token x hidden x layer:
     * 34 in 16-bit training (Korthikanti et al. 2022: s*b*h*(34 + 5*a*s/h) per layer, here without the
     * attention-score term). A starting constant: compare with measured_peak_bytes and tune.
     */
    public static final double ACTIVATION_BYTES_PER_UNIT = 34;
    /** Adapter bytes per trainable parameter: weight 4 + gradient 4 + AdamW moments 8. */
    public static final long ADAPTER_BYTES_PER_PARAM = 4 + 4 + 8;

    private MemoryEstimate() {}

    public static long weightBytes(long params, int bits) {
        if (params < 0) throw new IllegalArgumentException("params must be >= 0, was " + params);
        if (bits < 1 || bits > 32) throw new IllegalArgumentException("bits must be 1..32, was " + bits);
        return (long) Math.ceil(params * (bits / 8.0));
    }

    public static long adapterBytes(long adapterParams) {
        if (adapterParams < 0) throw new IllegalArgumentException("adapter params must be >= 0, was " + adapterParams);
        return adapterParams * ADAPTER_BYTES_PER_PARAM;
    }

    /** LoRA parameters: rank x (in + out) for each adapted matrix. */
    public static long loraParams(int rank, long inFeatures, long outFeatures, long adaptedMatrices) {
        return rank * (inFeatures + outFeatures) * adaptedMatrices;
    }

    /**
     * QA-LoRA's A works on input groups (in / groupSize columns of the pooled input), so its
     * adapter is rank x (in/groupSize + out) per matrix.
     */
    public static long qaLoraParams(int rank, long inFeatures, long outFeatures, int groupSize, long adaptedMatrices) {
        if (groupSize <= 0 || inFeatures % groupSize != 0) {
            throw new IllegalArgumentException("group size " + groupSize + " must divide in_features " + inFeatures);
        }
        return rank * (inFeatures / groupSize + outFeatures) * adaptedMatrices;
    }

    public static long activationBytes(int batch, int seqLen, int hidden, int layers, double bytesPerUnit) {
        return (long) Math.ceil((double) batch * seqLen * hidden * layers * bytesPerUnit);
    }

    /** The whole formula with the default activation constant. */
    public static long trainingPeakBytes(long params, int bits, long adapterParams,
                                         int batch, int seqLen, int hidden, int layers) {
        return weightBytes(params, bits) + adapterBytes(adapterParams)
                + activationBytes(batch, seqLen, hidden, layers, ACTIVATION_BYTES_PER_UNIT);
    }
}
