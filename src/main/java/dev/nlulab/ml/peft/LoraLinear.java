package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.quant.LinearWeights;

import java.util.Random;

/**
 * LoRA (Hu et al.): {@code y = base(x) + (alpha/r) B A x}. Over a dense base it is LoRA, over an
 * {@link dev.nlulab.ml.quant.Nf4Linear} it is QLoRA.
 */
public final class LoraLinear extends AdaptedLinear {

    /** A kaiming-uniform as PEFT does it (bound 1/sqrt(in)), B zeros. */
    public LoraLinear(Linear base, int rank, float alpha, float dropout, NDManager manager, Random random) {
        super(base, new Adapter(rank, alpha, dropout, Math.toIntExact(base.inFeatures()),
                Math.toIntExact(base.outFeatures()), 1 / Math.sqrt(base.inFeatures()), manager, random));
    }

    @Override
    public NDArray forward(NDArray x) {
        return base.forward(x).add(adapter.apply(x));
    }

    /** W + (alpha/r) B A, row-major (out, in): the dense weight of the merged layer. */
    public float[] mergedWeight(NDManager manager) {
        float[] w = LinearWeights.of(base, manager);
        float[] delta = adapter.delta();
        for (int i = 0; i < w.length; i++) {
            w[i] += delta[i];
        }
        return w;
    }
}
