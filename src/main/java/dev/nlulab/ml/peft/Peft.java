package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.DenseLinear;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.Nf4Weight;
import dev.nlulab.ml.quant.QuantizedLinear;
import dev.nlulab.ml.quant.Requantizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Puts LoRA, QLoRA or QA-LoRA on the target modules of a model given as its named linear layers
 * and a setter (the model's {@code linears()} and {@code setLinear}), and merges them back.
 * Everything outside the adapters is frozen: train only {@link #trainable(Map)}.
 */
public final class Peft {
    private Peft() {
    }

    /**
     * The whole recipe on a model: freeze it (embedding, norms, head, projections), adapt the targets.
     * Afterwards {@code model.trainable()} is exactly the adapters.
     */
    public static Map<String, AdaptedLinear> apply(LlamaModel model, PeftConfig config, Map<String, float[]> calibration) {
        model.freezeAll();
        return apply(model.linears(), model::setLinear, config, calibration, model.manager());
    }

    /** Merges every adapter of the model in place; see {@link #merge(Map, BiConsumer, Requantization, NDManager)}. */
    public static Map<String, Linear> merge(LlamaModel model, Map<String, ? extends AdaptedLinear> adapted,
            Requantization requantization) {
        return merge(adapted, model::setLinear, requantization, model.manager());
    }

    /** Adapts the targets; QA-LoRA's INT-N base is made by round-to-nearest. */
    public static Map<String, AdaptedLinear> apply(Map<String, Linear> linears, BiConsumer<String, Linear> setter,
            PeftConfig config, NDManager manager) {
        return apply(linears, setter, config, Map.of(), manager);
    }

    /**
     * @param calibration layer name -> its inputs (samples, in); when given for a QA-LoRA target, its
     *     INT-N base is made by GPTQ, as in the paper
     */
    public static Map<String, AdaptedLinear> apply(Map<String, Linear> linears, BiConsumer<String, Linear> setter,
            PeftConfig config, Map<String, float[]> calibration, NDManager manager) {
        Random random = new Random(config.seed());
        Map<String, AdaptedLinear> adapted = new TreeMap<>();
        for (Map.Entry<String, Linear> e : new TreeMap<>(linears).entrySet()) { // sorted: same init for the same seed
            String name = e.getKey();
            if (!config.targets(name)) {
                continue;
            }
            Linear layer = e.getValue();
            if (layer instanceof AdaptedLinear) {
                throw new IllegalStateException(name + " already has an adapter");
            }
            if (layer instanceof DenseLinear dense) {
                dense.setTrainable(false); // the base is frozen: no gradient is computed for it
            }
            AdaptedLinear a;
            try {
                a = adapt(layer, config, calibration.get(name), manager, random);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(name + ": " + ex.getMessage(), ex);
            }
            adapted.put(name, a);
            setter.accept(name, a);
        }
        if (adapted.isEmpty()) {
            throw new IllegalArgumentException("no layer matches target_modules " + config.targetModules()
                    + " among " + linears.size() + " linear layers, e.g. " + linears.keySet().stream().limit(3).toList());
        }
        return adapted;
    }

    private static AdaptedLinear adapt(Linear layer, PeftConfig c, float[] calibration, NDManager manager,
            Random random) {
        int rows = Math.toIntExact(layer.outFeatures());
        int cols = Math.toIntExact(layer.inFeatures());
        return switch (c.method()) {
            case LORA -> new LoraLinear(layer, c.rank(), c.alpha(), c.dropout(), manager, random);
            case QLORA -> {
                Nf4Weight nf4 = Nf4Weight.quantize(layer.floatWeight(manager), rows, cols, true);
                yield new LoraLinear(new QuantizedLinear(nf4, manager), c.rank(), c.alpha(), c.dropout(), manager, random);
            }
            case QALORA -> {
                QuantizedLinear base;
                // an INT-N model, e.g. loaded from a checkpoint
                if (layer instanceof QuantizedLinear already && already.weight() instanceof IntNWeight w) {
                    if (w.bits() != c.bits() || w.groupSize() != IntNWeight.resolveGroupSize(c.groupSize(), cols)) {
                        throw new IllegalArgumentException("the layer is " + w.bits() + "-bit with group " + w.groupSize()
                                + " but the config asks for " + c.bits() + "-bit with group " + c.groupSize());
                    }
                    base = already;
                } else {
                    Requantizer q = calibration == null ? Requantizer.RTN : Requantizer.GPTQ;
                    IntNWeight w = q.quantize(layer.floatWeight(manager), rows, cols, c.bits(), c.groupSize(), calibration);
                    base = new QuantizedLinear(w, manager);
                }
                yield new QaLoraLinear(base, c.rank(), c.alpha(), c.dropout(), manager, random);
            }
        };
    }

    /** The only arrays to train. */
    public static List<NDArray> trainable(Map<String, ? extends AdaptedLinear> adapted) {
        List<NDArray> params = new ArrayList<>();
        adapted.values().forEach(a -> params.addAll(a.trainable()));
        return params;
    }

    public static void setTraining(Map<String, ? extends AdaptedLinear> adapted, boolean training) {
        adapted.values().forEach(a -> a.adapter().setTraining(training));
    }

    /**
     * Merges every adapter ({@link AdaptedLinear#merge}) and puts the merged layer in the model: LoRA
     * gives a dense layer and QA-LoRA an INT-N one, both exact. A merged QLoRA layer is float and goes
     * back to INT-N by {@code requantization} (may be null when there is no QLoRA layer).
     */
    public static Map<String, Linear> merge(Map<String, ? extends AdaptedLinear> adapted,
            BiConsumer<String, Linear> setter, Requantization requantization, NDManager manager) {
        Map<String, Linear> merged = new TreeMap<>();
        adapted.forEach((name, layer) -> {
            if (layer.needsRequantization() && requantization == null) {
                throw new IllegalArgumentException(name + " is QLoRA: merging needs a re-quantization (rtn or gptq, bits)");
            }
            Linear m = layer.merge(manager);
            if (layer.needsRequantization()) {
                Linear floatMerge = m;
                m = requantization.apply(name, floatMerge, manager);
                floatMerge.tensors().values().forEach(NDArray::close); // only the INT-N layer is kept
            }
            merged.put(name, m);
            setter.accept(name, m);
        });
        return merged;
    }
}
