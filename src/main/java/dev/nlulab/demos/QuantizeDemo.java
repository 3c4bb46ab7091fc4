package dev.nlulab.demos;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nlulab.ml.Batch;
import dev.nlulab.ml.CausalLmLoss;
import dev.nlulab.ml.DenseLinear;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.RoundToNearest;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TextExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code quantize}: every projection of the course model quantized live to INT-N with round-to-nearest on
 * a min-max grid per group, as {@code ml.quant} does it: how far the weights move (a histogram of
 * quantized minus float), what the projections take to store, and the loss on a dev sample of the
 * course's tasks before and after. The quantized layers replace the float ones only for that loss and
 * are put back before the model's turn ends.
 */
final class QuantizeDemo implements LiveDemo<QuantizeDemo.Params> {
    static final int[] BITS = IntNWeight.SUPPORTED_BITS;
    /** -1 is one group per row; the others divide the course model's 256 and 640 columns. */
    static final int[] GROUP_SIZES = {-1, 32, 64, 128};
    static final int BINS = 41;
    static final int SAMPLE = 16;
    /** Dev questions per task family in the loss sample. */
    static final int PER_FAMILY = 1;

    record Params(int bits, int groupSize) {}

    /** counts[i] weights had an error in [edges[i], edges[i+1]). */
    record Histogram(double[] edges, long[] counts) {}

    /** The first weights of one projection's first row, before and after, to check by hand. */
    record Sample(String module, float[] original, float[] quantized, int[] codes) {}

    record Answer(int bits, int groupSize, long weights, long floatBytes, long quantizedBytes, double bitsPerWeight,
                  double rmse, double maxError, Histogram errors, double lossBefore, double lossAfter, int lossTokens,
                  Sample sample) {}

    /** What does not depend on the bits and group size, computed on a model's first call: its float weights, the sample and its float loss. */
    private record Reference(LlamaModel model, Map<String, float[]> weights, Batch devBatch, double lossBefore) {}

    private final SharedModel model;
    private Reference reference; // guarded by the model's turn

    QuantizeDemo(SharedModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "quantize";
    }

    @Override
    public Params read(DemoInput input) {
        return new Params(input.oneOf("bits", 4, BITS), input.oneOf("group_size", 32, GROUP_SIZES));
    }

    @Override
    public Answer run(Params p) {
        return model.withModel((m, tokenizer) -> {
            Reference ref = reference(m, tokenizer);
            Batch batch = ref.devBatch();
            Map<String, Linear> originals = m.linears();
            List<float[]> errors = new ArrayList<>();
            long weights = 0, quantizedBytes = 0;
            Sample sample = null;
            double after;
            try (NDManager scope = m.manager().newSubManager()) {
                for (Map.Entry<String, Linear> e : originals.entrySet()) {
                    int rows = Math.toIntExact(e.getValue().outFeatures()), cols = Math.toIntExact(e.getValue().inFeatures());
                    float[] w = ref.weights().get(e.getKey());
                    IntNWeight q = RoundToNearest.quantize(w, rows, cols, p.bits(), p.groupSize());
                    float[] dq = q.dequantize();
                    float[] err = new float[w.length];
                    for (int i = 0; i < w.length; i++) err[i] = dq[i] - w[i];
                    errors.add(err);
                    weights += w.length;
                    quantizedBytes += q.storedBytes();
                    if (sample == null) {
                        sample = new Sample(e.getKey(), Arrays.copyOf(w, SAMPLE), Arrays.copyOf(dq, SAMPLE), Arrays.copyOf(q.codes(), SAMPLE));
                    }
                    // what a QuantizedLinear computes (x times the dequantized weight), without packing the codes again
                    m.setLinear(e.getKey(), new DenseLinear(scope.create(dq, new Shape(rows, cols)), false));
                }
                after = loss(m, batch);
            } finally {
                originals.forEach(m::setLinear);
            }
            double sq = 0, max = 0;
            for (float[] err : errors) for (float v : err) {
                sq += (double) v * v;
                max = Math.max(max, Math.abs(v));
            }
            return new Answer(p.bits(), p.groupSize(), weights, 4 * weights, quantizedBytes, round(8.0 * quantizedBytes / weights),
                    Math.sqrt(sq / weights), max, histogram(errors, max), round(ref.lossBefore()), round(after),
                    (int) batch.targetCount(), sample);
        });
    }

    /** BINS equal bins over [-max, max]. */
    static Histogram histogram(List<float[]> errors, double max) {
        double range = max == 0 ? 1e-9 : max;
        double[] edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) edges[i] = -range + 2 * range * i / BINS;
        long[] counts = new long[BINS];
        for (float[] err : errors) for (float v : err) counts[Math.min(BINS - 1, (int) ((v + range) / (2 * range) * BINS))]++;
        return new Histogram(edges, counts);
    }

    /** Mean next-token loss on the answers (worked solutions) of the sample. */
    private static double loss(LlamaModel m, Batch batch) {
        try (NDManager scope = m.manager().newSubManager()) {
            m.tempAttach(scope);
            var logits = m.forward(scope.create(batch.inputs()));
            return CausalLmLoss.mean(logits, scope.create(batch.targets()), scope.create(batch.lossMask())).getFloat();
        }
    }

    /** The reference of this model: computed once, as the weights only change by a reload (a new model). */
    private Reference reference(LlamaModel m, Tokenizer tokenizer) {
        if (reference == null || reference.model() != m) {
            Map<String, float[]> weights = new java.util.LinkedHashMap<>();
            try (NDManager scope = m.manager().newSubManager()) {
                m.linears().forEach((name, layer) -> weights.put(name, layer.floatWeight(scope)));
            }
            Batch batch = devBatch(tokenizer);
            reference = new Reference(m, weights, batch, loss(m, batch));
        }
        return reference;
    }

    /** The first dev questions of the example families, as zero-shot-CoT prompts with their worked solutions. */
    private static Batch devBatch(Tokenizer tokenizer) {
        List<TrainingExample> examples = new ArrayList<>();
        for (String family : ExamplePrompts.FAMILIES) {
            for (TaskItem item : ExamplePrompts.devSplits(family).dev().subList(0, PER_FAMILY)) {
                TextExample t = PromptFormats.cotExample(item);
                examples.add(TrainingExample.of(tokenizer, t.prompt(), t.answer()));
            }
        }
        return Batch.of(examples, tokenizer.eos(), Integer.MAX_VALUE - 1);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
