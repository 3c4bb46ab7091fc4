package dev.nlulab.ml;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fine-tunes whatever {@link LlamaModel#trainable()} returns (the whole model, or adapters on a frozen
 * one) on (prompt, answer) examples: causal-LM loss on answer tokens, AdamW, warm-up + cosine or
 * constant learning rate, global-norm clipping, gradient accumulation, checkpoint and resume.
 *
 * <p>Each optimizer step runs in its own NDManager with the model temporarily attached, so every
 * intermediate array (activations, gradients' handles, optimizer temporaries) is freed at its end and
 * memory stays flat. Scalars on the autograd path are arrays of that manager (docs/djl-pitfalls.md #1).
 */
public final class Trainer implements AutoCloseable {
    public static final String TRAINABLE_FILE = "trainable.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "trainer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlamaModel model;
    private final TrainingConfig config;
    private final AdamW optimizer;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final long padId;
    private long step;

    public Trainer(LlamaModel model, TrainingConfig config) {
        this.model = model;
        this.config = config;
        this.padId = model.config().eosTokenId();
        this.optimizer = new AdamW(model.manager(), config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
    }

    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Optimizer steps done so far (restored by {@link #resume}). */
    public long step() {
        return step;
    }

    /**
     * Trains from the current step up to {@code config.totalSteps()}, drawing examples in a seeded
     * shuffled order that depends only on the step (so a resumed run sees the same data). Writes a
     * checkpoint to {@code checkpointDir} every {@code checkpointEvery} steps and at the end, when given.
     */
    public void train(List<TrainingExample> examples, Path checkpointDir) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
        while (step < config.totalSteps()) {
            step(microBatches(examples, step));
            boolean last = step == config.totalSteps();
            if (checkpointDir != null && (last || (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0))) {
                saveCheckpoint(checkpointDir);
            }
        }
    }

    /** The micro-batches of optimizer step {@code index}: epoch-wise shuffles seeded by (seed, epoch). */
    public List<Batch> microBatches(List<TrainingExample> examples, long index) {
        int perStep = config.batchSize() * config.accumulationSteps();
        List<Batch> batches = new ArrayList<>();
        List<TrainingExample> current = new ArrayList<>();
        long epoch = -1;
        List<Integer> order = null;
        for (long k = index * perStep; k < (index + 1) * perStep; k++) {
            if (k / examples.size() != epoch) {
                epoch = k / examples.size();
                order = new ArrayList<>();
                for (int i = 0; i < examples.size(); i++) order.add(i);
                Collections.shuffle(order, new Random(config.seed() * 1_000_003L + epoch));
            }
            current.add(examples.get(order.get((int) (k % examples.size()))));
            if (current.size() == config.batchSize()) {
                batches.add(Batch.of(current, padId, config.maxLength()));
                current = new ArrayList<>();
            }
        }
        return batches;
    }

    /** One optimizer step over micro-batches whose gradients add up (the loss is the mean over all their answer tokens). */
    public StepMetrics step(List<Batch> microBatches) {
        long start = System.nanoTime();
        long targets = microBatches.stream().mapToLong(Batch::targetCount).sum();
        if (targets == 0) throw new IllegalArgumentException("step " + step + ": no answer tokens to learn from");
        long tokens = microBatches.stream().mapToLong(b -> b.inputTokens(padId)).sum();
        double loss = 0;
        double gradientNorm;
        double learningRate = config.learningRateAt(step);
        synchronized (model) {
            List<NDArray> params = model.trainable();
            if (params.isEmpty()) throw new IllegalStateException("the model has no trainable arrays");
            try (NDManager scope = model.manager().newSubManager()) {
                model.tempAttach(scope);
                NDArray normalizer = scope.create((float) targets);
                for (Batch batch : microBatches) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.forward(scope.create(batch.inputs()));
                        NDArray part = CausalLmLoss.sum(logits, scope.create(batch.targets()), scope.create(batch.lossMask()))
                                .div(normalizer);
                        collector.backward(part); // gradients add up across collectors
                        loss += part.getFloat();
                    }
                }
                List<NDArray> gradients = new ArrayList<>();
                for (NDArray p : params) gradients.add(p.getGradient());
                gradientNorm = GradientClipping.clipGlobalNorm(gradients, config.clipNorm(), scope);
                model.weightsChanged(); // before the in-place update, so a failure halfway leaves no stale copy
                optimizer.update(params, gradients, learningRate, scope);
                for (NDArray g : gradients) g.subi(g);
            }
        }
        step++;
        double seconds = (System.nanoTime() - start) / 1e9;
        StepMetrics metrics = new StepMetrics(step, loss, learningRate, gradientNorm, tokens, seconds, tokens / seconds,
                Memory.rssBytes(), Memory.peakRssBytes());
        for (TrainingListener l : listeners) l.onStep(metrics);
        return metrics;
    }

    /**
     * Writes the trainable arrays, the optimizer's moments and the step to {@code dir}
     * ({@value #TRAINABLE_FILE}, {@value #OPTIMIZER_FILE}, {@value #STATE_FILE}).
     */
    public void saveCheckpoint(Path dir) {
        synchronized (model) {
            try {
                Files.createDirectories(dir);
                Map<String, NDArray> trainable = new LinkedHashMap<>();
                List<NDArray> params = model.trainable();
                for (int i = 0; i < params.size(); i++) trainable.put("trainable." + i, params.get(i));
                Safetensors.write(dir.resolve(TRAINABLE_FILE), trainable, DataType.FLOAT32);
                Safetensors.write(dir.resolve(OPTIMIZER_FILE), optimizer.state(), DataType.FLOAT32);
                ObjectNode state = JSON.createObjectNode();
                state.put("step", step);
                state.put("optimizer_updates", optimizer.updates());
                state.put("trainable_arrays", params.size());
                JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(STATE_FILE).toFile(), state);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Loads a checkpoint of {@link #saveCheckpoint} into the model's trainable arrays and this optimizer. */
    public void resume(Path dir) {
        synchronized (model) {
            try {
                var state = JSON.readTree(dir.resolve(STATE_FILE).toFile());
                List<NDArray> params = model.trainable();
                model.weightsChanged(); // the arrays below are overwritten in place
                try (NDManager loading = model.manager().newSubManager()) {
                    Map<String, NDArray> saved = Safetensors.read(dir.resolve(TRAINABLE_FILE), loading);
                    if (saved.size() != params.size()) {
                        throw new IllegalArgumentException(dir.resolve(TRAINABLE_FILE) + " holds " + saved.size()
                                + " arrays but the model has " + params.size() + " trainable arrays");
                    }
                    for (int i = 0; i < params.size(); i++) {
                        NDArray a = saved.get("trainable." + i);
                        if (a == null || !a.getShape().equals(params.get(i).getShape())) {
                            throw new IllegalArgumentException(dir.resolve(TRAINABLE_FILE) + ": tensor trainable." + i
                                    + " is " + (a == null ? "missing" : "of shape " + a.getShape())
                                    + ", the model's trainable array " + i + " has shape " + params.get(i).getShape());
                        }
                        params.get(i).set(a.toFloatArray());
                    }
                    Map<String, NDArray> moments = Safetensors.read(dir.resolve(OPTIMIZER_FILE), model.manager());
                    optimizer.restore(moments, params, state.get("optimizer_updates").asLong(), dir.resolve(OPTIMIZER_FILE).toString());
                }
                step = state.get("step").asLong();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
