package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The low-rank pair of LoRA and QA-LoRA: {@code delta(h) = (alpha/r) * B A h} with A (r, in) and B
 * (out, r) zeros, so a fresh adapter changes nothing. {@code in} is the layer's input width for
 * LoRA and the number of groups for QA-LoRA.
 */
public final class Adapter {
    private final int rank;
    private final float alpha;
    private final float dropout;
    private final NDArray a; // (r, in)
    private final NDArray b; // (out, r)
    private final NDArray scaling; // alpha / r as an array: Number overloads corrupt autograd (docs/djl-pitfalls.md #1)
    private boolean training;

    /** A uniform in [-bound, bound] (LoRA: kaiming 1/sqrt(in); QA-LoRA: xavier), B zeros. */
    Adapter(int rank, float alpha, float dropout, int in, int out, double bound, NDManager manager, Random random) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank r must be positive, got " + rank);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        this.rank = rank;
        this.alpha = alpha;
        this.dropout = dropout;
        float[] init = new float[rank * in];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        this.a = manager.create(init, new Shape(rank, in));
        this.b = manager.zeros(new Shape(out, rank));
        this.scaling = manager.create(alpha / rank);
        a.setRequiresGradient(true);
        b.setRequiresGradient(true);
    }

    NDArray apply(NDArray h) {                                                       // (..., in)
        if (training && dropout > 0) {
            h = h.getNDArrayInternal().dropout(h, dropout, true).singletonOrThrow();   // (..., in)
        }
        return h.matMul(a.transpose()).matMul(b.transpose()).mul(scaling);           // (..., r) -> (..., out)
    }

    /** (alpha/r) B A, row-major (out, in). */
    float[] delta() {
        return b.matMul(a).mul(scaling).toFloatArray();
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    public int rank() {
        return rank;
    }

    public float alpha() {
        return alpha;
    }

    public float dropout() {
        return dropout;
    }

    public void setTraining(boolean training) {
        this.training = training;
    }

    List<NDArray> parameters() {
        return List.of(a, b);
    }

    /** PEFT's names, relative to the adapted module. */
    Map<String, NDArray> tensors() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("lora_A.weight", a);
        t.put("lora_B.weight", b);
        return t;
    }

    /** Copies saved A and B in; {@code where} names the module for errors. */
    void load(NDArray newA, NDArray newB, String where) {
        copy(newA, a, where + ".lora_A.weight");
        copy(newB, b, where + ".lora_B.weight");
    }

    private static void copy(NDArray from, NDArray to, String name) {
        if (!from.getShape().equals(to.getShape())) {
            throw new IllegalArgumentException(name + " has shape " + from.getShape() + ", the layer needs " + to.getShape());
        }
        to.set(from.toType(to.getDataType(), false).toFloatArray());
    }
}
