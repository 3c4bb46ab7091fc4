package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A frozen base layer plus a trainable {@link Adapter}; only the adapter trains or gets saved. Each
 * method folds its adapter back into one frozen layer with {@link #merge}.
 */
public abstract class AdaptedLinear implements Linear {
    protected final Linear base;
    protected final Adapter adapter;

    protected AdaptedLinear(Linear base, Adapter adapter) {
        this.base = base;
        this.adapter = adapter;
    }

    public Linear base() {
        return base;
    }

    public Adapter adapter() {
        return adapter;
    }

    @Override
    public long inFeatures() {
        return base.inFeatures();
    }

    @Override
    public long outFeatures() {
        return base.outFeatures();
    }

    @Override
    public List<NDArray> trainable() {
        return adapter.parameters();
    }

    /**
     * The adapter folded into the base: one frozen layer to deploy in place of this one. LoRA's and
     * QA-LoRA's compute exactly what this layer computes; QLoRA's is float, and deploying it in INT-N
     * takes a re-quantization ({@link #needsRequantization}).
     */
    public abstract Linear merge(NDManager manager);

    /** Whether the merged layer has left its base's low-bit format (QLoRA) and must be quantized again to deploy. */
    public boolean needsRequantization() {
        return false;
    }

    /** PEFT's state-dict names: the frozen base under "base_layer.", then lora_A.weight and lora_B.weight. */
    @Override
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        base.tensors().forEach((name, a) -> t.put("base_layer." + name, a));
        t.putAll(adapter.tensors());
        return t;
    }
}
