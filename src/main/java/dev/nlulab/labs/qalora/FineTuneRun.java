package dev.nlulab.labs.qalora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.Memory;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.StepMetrics;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.Trainer;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.peft.AdaptedLinear;
import dev.nlulab.ml.peft.AdapterFiles;
import dev.nlulab.ml.peft.Peft;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.peft.Requantization;
import dev.nlulab.ml.quant.CalibrationInputs;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.Nf4Weight;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.ml.quant.QuantizedLinear;
import dev.nlulab.ml.quant.Requantizer;
import dev.nlulab.tasks.TaskItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One fine-tuning run of the lab, in the order the paper's methods need: the base quantized the
 * method's way (QA-LoRA: every projection INT-N; QLoRA: every projection NF4; LoRA: float), adapters
 * on the targets, training, then {@link #deploy} folds them in: QA-LoRA exactly into the INT-N zeros,
 * QLoRA into float and quantized again (RTN or GPTQ) with the rest of its NF4 base, LoRA into float.
 */
final class FineTuneRun implements AutoCloseable {
    /** Calibration sequences GPTQ sees (train examples, prompt and answer). */
    static final int CALIBRATION_SEQUENCES = 32;
    /** Dev prompts the merge check runs through the model before and after merging. */
    static final int CHECK_PROMPTS = 8;

    private final FineTuneSpec spec;
    private final LlamaModel model;
    private final Tokenizer tokenizer;
    private final Map<String, AdaptedLinear> adapted;
    private final double quantizeSeconds;
    private float[] unmergedLogits;
    private List<String> checkPrompts = List.of();

    /** Told after every optimizer step; {@code evalLoss} is the dev loss on steps that measured it, else null. */
    interface StepSink {
        void step(StepMetrics metrics, Double evalLoss);
    }

    /** What training cost and reached. */
    record Training(long steps, double seconds, double medianStepMs, double tokensPerSecond, long peakRssBytes,
                    double finalLoss, Double finalEvalLoss, long trainableParameters) {}

    private FineTuneRun(FineTuneSpec spec, LlamaModel model, Tokenizer tokenizer, Map<String, AdaptedLinear> adapted, double quantizeSeconds) {
        this.spec = spec;
        this.model = model;
        this.tokenizer = tokenizer;
        this.adapted = adapted;
        this.quantizeSeconds = quantizeSeconds;
    }

    /**
     * Loads the base, quantizes it as the method needs and puts fresh adapters on the targets. A QA-LoRA base
     * quantized by GPTQ is calibrated on the first {@link #CALIBRATION_SEQUENCES} of {@code train} (question and answer).
     */
    static FineTuneRun start(FineTuneSpec spec, BaseModel base, NDManager root, List<TaskItem> train) {
        LlamaModel model = LlamaModel.load(base.dir(), root);
        Tokenizer tokenizer = null;
        try {
            tokenizer = Tokenizer.forModel(base.dir(), model.config());
            long t0 = System.nanoTime();
            Map<String, float[]> calibration = Map.of();
            if (spec.method() == PeftMethod.QALORA && spec.quantizer() == Requantizer.GPTQ) {
                Tokenizer t = tokenizer;
                List<TrainingExample> examples = train.stream().limit(CALIBRATION_SEQUENCES).map(i -> Prompts.example(t, spec.format(), i)).toList();
                calibration = CalibrationInputs.record(model, List.copyOf(model.linears().keySet()), sequences(examples));
            }
            quantizeUntargeted(model, spec, calibration);
            Map<String, AdaptedLinear> adapted = Peft.apply(model, spec.peftConfig(), calibration);
            return new FineTuneRun(spec, model, tokenizer, adapted, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            if (tokenizer != null) tokenizer.close();
            model.close();
            throw e;
        }
    }

    /** The projections without adapters take the base's format too: the whole base is quantized, not only the adapted part. */
    private static void quantizeUntargeted(LlamaModel model, FineTuneSpec spec, Map<String, float[]> calibration) {
        if (spec.method() == PeftMethod.LORA) return;
        for (Map.Entry<String, Linear> e : model.linears().entrySet()) {
            if (spec.peftConfig().targets(e.getKey())) continue; // Peft.apply quantizes these
            Linear layer = e.getValue();
            int rows = Math.toIntExact(layer.outFeatures());
            int cols = Math.toIntExact(layer.inFeatures());
            float[] w = layer.floatWeight(model.manager());
            Linear q = spec.method() == PeftMethod.QLORA
                    ? new QuantizedLinear(Nf4Weight.quantize(w, rows, cols, true), model.manager())
                    : new QuantizedLinear(spec.quantizer().quantize(w, rows, cols, spec.bits(), spec.groupSize(), calibration.get(e.getKey())),
                            model.manager());
            model.setLinear(e.getKey(), q);
            layer.tensors().values().forEach(NDArray::close); // the float weight is not needed any more
        }
    }

    private static List<long[]> sequences(List<TrainingExample> examples) {
        List<long[]> out = new ArrayList<>();
        for (TrainingExample e : examples.subList(0, Math.min(CALIBRATION_SEQUENCES, examples.size()))) {
            long[] s = new long[e.length()];
            System.arraycopy(e.prompt(), 0, s, 0, e.prompt().length);
            System.arraycopy(e.answer(), 0, s, e.prompt().length, e.answer().length);
            out.add(s);
        }
        return out;
    }

    LlamaModel model() { return model; }
    Tokenizer tokenizer() { return tokenizer; }
    FineTuneSpec spec() { return spec; }
    double quantizeSeconds() { return quantizeSeconds; }

    /**
     * Trains the adapters for the spec's steps; the dev loss is measured every {@code eval_every} steps and at
     * the end. The peak memory it reports is the process's high-water mark so far.
     */
    Training train(List<TrainingExample> train, List<TrainingExample> dev, StepSink sink) {
        List<Double> stepSeconds = new ArrayList<>();
        long[] tokens = {0};
        double[] last = {Double.NaN};
        Double[] lastEval = {null};
        long trainable = model.trainableParameterCount();
        try (Trainer trainer = new Trainer(model, spec.trainingConfig())) {
            trainer.addListener(m -> {
                stepSeconds.add(m.seconds());
                tokens[0] += m.tokens();
                last[0] = m.loss();
                Double eval = null;
                if (m.step() % spec.evalEvery() == 0 || m.step() == spec.steps()) {
                    eval = devLoss(dev);
                    lastEval[0] = eval;
                }
                sink.step(m, eval);
            });
            Peft.setTraining(adapted, true);
            trainer.train(train, null);
        } finally {
            Peft.setTraining(adapted, false);
        }
        double seconds = stepSeconds.stream().mapToDouble(Double::doubleValue).sum();
        List<Double> sorted = stepSeconds.stream().sorted().toList();
        double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) * 1000;
        return new Training(stepSeconds.size(), seconds, median, seconds == 0 ? 0 : tokens[0] / seconds, Memory.peakRssBytes(),
                last[0], lastEval[0], trainable);
    }

    private double devLoss(List<TrainingExample> dev) {
        Peft.setTraining(adapted, false);
        try {
            return Evaluation.loss(model, dev, 16);
        } finally {
            Peft.setTraining(adapted, true);
        }
    }

    Evaluation.Accuracy accuracy(List<TaskItem> items) {
        return Evaluation.accuracy(model, tokenizer, spec.format(), items);
    }

    void saveAdapter(Path dir) throws IOException {
        AdapterFiles.save(dir, spec.peftConfig(), adapted);
    }

    /** Puts a saved adapter's A and B (PEFT layout) in place of this run's. */
    void loadAdapter(Path dir) throws IOException {
        AdapterFiles.load(dir, adapted, model.manager());
    }

    /**
     * The model as it is deployed, in place of the adapted one until {@link Deployed#close}: adapters
     * merged, and for QLoRA the whole model quantized again by {@code requantization} (null for the other
     * methods). {@code checkQuestions} are run through the model before and after, for the merge check.
     */
    Deployed deploy(Requantization requantization, List<String> checkQuestions) {
        if (unmergedLogits == null || !checkPrompts.equals(checkQuestions)) {
            checkPrompts = List.copyOf(checkQuestions);
            unmergedLogits = Evaluation.logits(model, tokenizer, checkPrompts.stream().map(q -> Prompts.prompt(spec.format(), q)).toList());
        }
        NDManager scope = model.manager().newSubManager();
        Map<String, Linear> restore = new LinkedHashMap<>(adapted);
        try {
            Peft.merge(adapted, model::setLinear, requantization, scope);
            if (spec.method() == PeftMethod.QLORA) {
                for (Map.Entry<String, Linear> e : model.linears().entrySet()) { // the rest of the NF4 base
                    if (e.getValue() instanceof QuantizedLinear q && q.weight() instanceof Nf4Weight) {
                        restore.put(e.getKey(), e.getValue());
                        model.setLinear(e.getKey(), requantization.apply(e.getKey(), e.getValue(), scope));
                    }
                }
            }
            float[] merged = Evaluation.logits(model, tokenizer, checkPrompts.stream().map(q -> Prompts.prompt(spec.format(), q)).toList());
            return new Deployed(scope, restore, Evaluation.maxAbsDifference(unmergedLogits, merged));
        } catch (RuntimeException e) {
            restore.forEach(model::setLinear);
            scope.close();
            throw e;
        }
    }

    /** GPTQ's calibration inputs of every projection, recorded on the trained (unmerged) model: what QLoRA w/ GPTQ quantizes with. */
    Map<String, float[]> calibration(List<TrainingExample> examples) {
        return CalibrationInputs.record(model, List.copyOf(model.linears().keySet()), sequences(examples));
    }

    /** A deployed model; closing it puts the adapters back (another deployment of the same training can follow). */
    final class Deployed implements AutoCloseable {
        private final NDManager scope;
        private final Map<String, Linear> restore;
        private final double maxLogitDifference;

        private Deployed(NDManager scope, Map<String, Linear> restore, double maxLogitDifference) {
            this.scope = scope;
            this.restore = restore;
            this.maxLogitDifference = maxLogitDifference;
        }

        /** max |logit| difference between the merged model and the adapted one on the check prompts. */
        double maxLogitDifference() { return maxLogitDifference; }

        Evaluation.Accuracy accuracy(List<TaskItem> items) {
            return FineTuneRun.this.accuracy(items);
        }

        List<String> answers(List<String> questions) {
            return Evaluation.answers(model, tokenizer, spec.format(), questions);
        }

        /** Bytes of the projections as stored (INT-N: codes, scales, zeros) and as float32. */
        long[] projectionBytes() {
            long stored = 0, fp32 = 0;
            for (Linear l : model.linears().values()) {
                long n = l.inFeatures() * l.outFeatures();
                fp32 += 4 * n;
                stored += l instanceof QuantizedLinear q ? q.weight().storedBytes() : 4 * n;
            }
            return new long[] {stored, fp32};
        }

        /** Writes the merged model (config, weights, tokenizer) into {@code dir}; returns the weights' bytes on disk. */
        long save(Path dir, Path baseDir) throws IOException {
            IntNWeight intN = model.linears().values().stream()
                    .filter(l -> l instanceof QuantizedLinear q && q.weight() instanceof IntNWeight)
                    .map(l -> (IntNWeight) ((QuantizedLinear) l).weight()).findFirst().orElse(null);
            if (intN != null) QuantizedCheckpoint.save(model, dir, intN.bits(), intN.groupSize() == intN.cols() ? -1 : intN.groupSize());
            else model.save(dir);
            QuantizedCheckpoint.copyTokenizer(baseDir, dir);
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).mapToLong(f -> f.toFile().length()).sum();
            }
        }

        @Override
        public void close() {
            restore.forEach(model::setLinear);
            scope.close();
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
