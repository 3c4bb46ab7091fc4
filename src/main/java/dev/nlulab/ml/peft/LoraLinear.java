package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nlulab.ml.DenseLinear;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.quant.Nf4Weight;
import dev.nlulab.ml.quant.QuantizedLinear;

import java.util.Random;

/**
 * LoRA (Hu et al.): {@code y = base(x) + (alpha/r) B A x}. Over a dense base it is LoRA, over a
 * {@link QuantizedLinear} of an {@link Nf4Weight} it is QLoRA.
 */
public final class LoraLinear extends AdaptedLinear {

    /** A kaiming-uniform as PEFT does it (bound 1/sqrt(in)), B zeros. */
    public LoraLinear(Linear base, int rank, float alpha, float dropout, NDManager manager, Random random) {
        super(base, new Adapter(rank, alpha, dropout, Math.toIntExact(base.inFeatures()),
                Math.toIntExact(base.outFeatures()), 1 / Math.sqrt(base.inFeatures()), manager, random));
    }

    @Override
    public NDArray forward(NDArray x) {                  // (..., in)
        return base.forward(x).add(adapter.apply(x));   // (..., out)
    }

    /** W + (alpha/r) B A, row-major (out, in): the dense weight of the merged layer. */
    public float[] mergedWeight(NDManager manager) {
        float[] w = base.floatWeight(manager);
        float[] delta = adapter.delta();
        for (int i = 0; i < w.length; i++) {
            w[i] += delta[i];
        }
        return w;
    }

    /** A frozen dense layer of {@link #mergedWeight}; over an NF4 base (QLoRA), W is the dequantized base. */
    @Override
    public DenseLinear merge(NDManager manager) {
        return new DenseLinear(manager.create(mergedWeight(manager), new Shape(outFeatures(), inFeatures())), false);
    }

    /** QLoRA: an NF4 base plus a float update is no longer NF4. */
    @Override
    public boolean needsRequantization() {
        return base instanceof QuantizedLinear q && q.weight() instanceof Nf4Weight;
    }
}
