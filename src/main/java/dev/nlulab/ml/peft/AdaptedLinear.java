package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import dev.nlulab.ml.Linear;

import java.util.List;
import java.util.Map;

/** A frozen base layer plus a trainable {@link Adapter}; only the adapter trains or gets saved. */
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

    /** The adapter's tensors (lora_A.weight, lora_B.weight); the base is saved with the base model. */
    @Override
    public Map<String, NDArray> tensors() {
        return adapter.tensors();
    }
}
