package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.QuantizedLinear;

import java.util.Random;

/**
 * QA-LoRA (Xu et al.): the adapter sees the input average-pooled over each quantization group,
 * {@code y = W~ x + (alpha/r) B A pool_g(x)} with A (r, D_in/g). Its output is constant over the
 * columns of a group, so it merges exactly into the group zeros and the merged layer stays INT-N.
 */
public final class QaLoraLinear extends AdaptedLinear {
    private final QuantizedLinear quantized;
    private final int groupSize;
    private final int groups;

    /** A xavier-uniform over (r, D_in/g) as the reference code does, B zeros. */
    public QaLoraLinear(QuantizedLinear base, int rank, float alpha, float dropout, NDManager manager, Random random) {
        super(base, new Adapter(rank, alpha, dropout, base.weight().groups(), base.weight().rows(),
                Math.sqrt(6.0 / (base.weight().groups() + rank)), manager, random));
        this.quantized = base;
        this.groupSize = base.weight().groupSize();
        this.groups = base.weight().groups();
    }

    public int groupSize() {
        return groupSize;
    }

    @Override
    public NDArray forward(NDArray x) {
        return base.forward(x).add(adapter.apply(pool(x)));
    }

    /** (..., D_in) -> (..., D_in/g): the mean of each group of g columns. */
    NDArray pool(NDArray x) {
        long[] dims = x.getShape().getShape();
        long[] grouped = new long[dims.length + 1];
        System.arraycopy(dims, 0, grouped, 0, dims.length - 1);
        grouped[dims.length - 1] = groups;
        grouped[dims.length] = groupSize;
        return x.reshape(new Shape(grouped)).mean(new int[] {dims.length});
    }

    /** {@code z'[o,G] = z[o,G] - (alpha/r)(BA)[o,G] / (g * s[o,G])}: same codes and scales, new zeros. */
    public QuantizedLinear merge(NDManager manager) {
        IntNWeight w = quantized.weight();
        float[] delta = adapter.delta(); // (out, groups)
        float[] scales = w.scales();
        float[] zeros = w.zeros();
        for (int k = 0; k < zeros.length; k++) {
            zeros[k] -= delta[k] / (groupSize * scales[k]);
        }
        return new QuantizedLinear(w.withZeros(zeros), manager);
    }
}
