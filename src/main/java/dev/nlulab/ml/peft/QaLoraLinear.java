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
    private final IntNWeight weight; // the base's codes, scales (out, groups) and zeros (out, groups)
    private final int groupSize;
    private final int groups;

    /** A xavier-uniform over (r, D_in/g) as the reference code does, B zeros. */
    public QaLoraLinear(QuantizedLinear base, int rank, float alpha, float dropout, NDManager manager, Random random) {
        this(base, intN(base), rank, alpha, dropout, manager, random);
    }

    private QaLoraLinear(QuantizedLinear base, IntNWeight weight, int rank, float alpha, float dropout, NDManager manager,
            Random random) {
        super(base, new Adapter(rank, alpha, dropout, weight.groups(), weight.rows(),
                Math.sqrt(6.0 / (weight.groups() + rank)), manager, random));
        this.weight = weight;
        this.groupSize = weight.groupSize();
        this.groups = weight.groups();
    }

    private static IntNWeight intN(QuantizedLinear base) {
        if (base.weight() instanceof IntNWeight w) return w;
        throw new IllegalArgumentException("QA-LoRA needs an INT-N base layer, not a "
                + base.weight().getClass().getSimpleName());
    }

    public int groupSize() {
        return groupSize;
    }

    @Override
    public NDArray forward(NDArray x) {                     // (..., D_in)
        return base.forward(x).add(adapter.apply(pool(x))); // (..., D_out) + adapter((..., D_in/g)) -> (..., D_out)
    }

    /** (..., D_in) -> (..., D_in/g): the mean of each group of g columns. */
    NDArray pool(NDArray x) {
        long[] dims = x.getShape().getShape();
        long[] grouped = new long[dims.length + 1];
        System.arraycopy(dims, 0, grouped, 0, dims.length - 1);
        grouped[dims.length - 1] = groups;
        grouped[dims.length] = groupSize;
        return x.reshape(new Shape(grouped)).mean(new int[] {dims.length}); // (..., D_in/g, g) -> (..., D_in/g)
    }

    /** {@code z'[o,G] = z[o,G] - (alpha/r)(BA)[o,G] / (g * s[o,G])}: same codes and scales, new zeros. */
    @Override
    public QuantizedLinear merge(NDManager manager) {
        float[] delta = adapter.delta(); // (out, groups)
        float[] scales = weight.scales();
        float[] zeros = weight.zeros();
        for (int k = 0; k < zeros.length; k++) {
            zeros[k] -= delta[k] / (groupSize * scales[k]);
        }
        return new QuantizedLinear(weight.withZeros(zeros), manager);
    }
}
