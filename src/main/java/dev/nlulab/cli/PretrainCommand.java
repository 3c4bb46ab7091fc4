package dev.nlulab.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.StepMetrics;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.Trainer;
import dev.nlulab.ml.TrainingConfig;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.TrainingListener;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.ml.course.CourseTokenizerConfig;
import dev.nlulab.ml.course.ModelCard;
import dev.nlulab.ml.course.PretrainingMix;
import dev.nlulab.ml.course.TokenBudgetBatches;
import dev.nlulab.ml.course.TokenizerInfo;
import dev.nlulab.ml.course.TrainingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlulab model pretrain}: trains the course model from scratch on the task export's train
 * splits (every prompt format the labs use) and Austen prose, within a time budget.
 *
 * <p>Without {@code --steps}, the cosine schedule's length comes from the budget: the warm-up steps are
 * timed, the steps that fit in the rest of the budget become the horizon, and the run continues from
 * a checkpoint of that warm-up with the final schedule. It checkpoints every few minutes to
 * {@code <out>/checkpoint}; run the same command again to resume there. At the end (or when the
 * budget runs out) it writes config.json and model.safetensors next to tokenizer.json.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pretrain the course model on the task suite and Austen prose (time-budgeted, resumable).")
public final class PretrainCommand implements Callable<Integer> {
    static final String CHECKPOINT = "checkpoint";
    static final String STATE = "pretrain.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--out", required = true, description = "model folder (holds tokenizer.json from bin/course-data)")
    Path out;

    @Option(names = "--data", description = "course data folder with tasks/ and austen.txt (default ${DEFAULT-VALUE})")
    Path data = CourseModel.DEFAULT_DATA;

    @Option(names = "--tokenizer", description = "tokenizer.json (default: <out>/tokenizer.json); copied into --out")
    Path tokenizerFile;

    @Option(names = "--minutes", description = "time budget in minutes (default ${DEFAULT-VALUE})")
    double minutes = 55;

    @Option(names = "--steps", description = "optimizer steps in all (default: as many as the time budget allows; on resume, extends the run)")
    Integer steps;

    @Option(names = "--seed", description = "seed for initialization and data order (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--lr", description = "peak learning rate (default ${DEFAULT-VALUE})")
    double learningRate = 1e-3;

    // Small batches: more optimizer steps, and on CPU more tokens/s too: the (tokens x vocabulary) logits
    // stay under glibc's 32 MB mmap threshold, so their memory is reused instead of mapped afresh each step.
    @Option(names = "--batch-tokens", description = "padded tokens per batch (default ${DEFAULT-VALUE})")
    int batchTokens = 1536;

    @Option(names = "--max-length", description = "longest training sequence in tokens (default ${DEFAULT-VALUE})")
    int maxLength = 448;

    @Option(names = "--drill-share", description = "share of examples that are lines of arithmetic facts (default ${DEFAULT-VALUE})")
    double drillShare = 0.15;

    @Option(names = "--prose-share", description = "share of examples that are Austen prose (default ${DEFAULT-VALUE})")
    double proseShare = 0.05;

    @Option(names = "--weight", description = "family=N: repeat a family's zero-shot-CoT examples N times (default gsm8k, multiarith, aqua = 2, lastletters = 3)")
    Map<String, Integer> weights;

    @Option(names = "--warmup", description = "warm-up steps (default ${DEFAULT-VALUE}; fewer for short --steps runs)")
    int warmup = 100;

    @Option(names = "--hidden", hidden = true, description = "hidden size (tests use a tiny model)")
    int hidden = CourseModel.HIDDEN;

    @Option(names = "--ffn", hidden = true)
    int ffn = CourseModel.INTERMEDIATE;

    @Option(names = "--layers", hidden = true)
    int layers = CourseModel.LAYERS;

    @Option(names = "--heads", hidden = true)
    int heads = CourseModel.HEADS;

    @Option(names = "--log-every", description = "print progress every N steps (default ${DEFAULT-VALUE})")
    int logEvery = 10;

    @Option(names = "--checkpoint-minutes", description = "minutes between checkpoints (default ${DEFAULT-VALUE})")
    double checkpointMinutes = 5;

    @Override
    public Integer call() throws IOException {
        // Must be set before the engine starts in this JVM.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        Path tokenizerPath = tokenizerFile != null ? tokenizerFile : out.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerPath)) {
            throw new IllegalArgumentException("no tokenizer at " + tokenizerPath + ": run bin/course-data first");
        }
        Files.createDirectories(out);
        if (!tokenizerPath.toAbsolutePath().equals(out.resolve("tokenizer.json").toAbsolutePath())) {
            Files.copy(tokenizerPath, out.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        TokenizerInfo info = TokenizerInfo.read(tokenizerPath);
        LlamaConfig config = LlamaConfig.of(hidden, ffn, layers, heads, heads, info.vocabSize(), CourseModel.MAX_POSITIONS, true)
                .withSpecialTokens(info.bos(), info.eos());
        Path checkpoint = out.resolve(CHECKPOINT);
        boolean resuming = Files.isRegularFile(checkpoint.resolve(STATE));

        try (Tokenizer tokenizer = Tokenizer.load(tokenizerPath, info.bos(), info.eos());
             NDManager root = NDManager.newBaseManager()) {
            long t0 = System.nanoTime();
            PretrainingMix mix = new PretrainingMix(tokenizer, maxLength, seed)
                    .addTasks(data.resolve("tasks"), weights != null ? weights : PretrainingMix.HARD_FAMILIES)
                    .addDrills(drillShare)
                    .addProse(data.resolve("austen.txt"), proseShare);
            List<TrainingExample> examples = mix.examples();
            PretrainingMix.Counts counts = mix.counts();
            TokenBudgetBatches batches = new TokenBudgetBatches(examples, batchTokens, maxLength, info.eos(), seed);
            System.out.printf("data: %d examples (%d few-shot, %d direct, %d drill lines, %d prose chunks), %.2fM tokens, %d steps per epoch; prepared in %.1f s%n",
                    counts.total(), counts.fewShot(), counts.direct(), counts.drills(), counts.prose(), counts.tokens() / 1e6,
                    batches.stepsPerEpoch(), (System.nanoTime() - t0) / 1e9);
            System.out.printf("model: d %d, %d layers, %d heads, ffn %d, vocab %d: %.2fM parameters%n", hidden, layers,
                    heads, ffn, info.vocabSize(), config.parameterCount() / 1e6);

            try (LlamaModel model = LlamaModel.random(config, seed, root)) {
                int total = steps != null ? steps : 0;
                int warm = steps != null ? Math.min(warmup, Math.max(1, steps / 10)) : warmup;
                double elapsedBefore = 0;
                if (!resuming && steps == null) {
                    timeTheWarmUp(model, batches, warm, deadline, checkpoint);
                    resuming = true;
                }
                if (resuming) {
                    JsonNode state = JSON.readTree(checkpoint.resolve(STATE).toFile());
                    total = steps != null ? steps : state.get("total_steps").asInt(); // --steps may extend a run
                    warm = state.get("warmup_steps").asInt();
                    elapsedBefore = state.get("elapsed_s").asDouble();
                }
                TrainingConfig training = trainingConfig(total, warm);
                try (Trainer trainer = new Trainer(model, training);
                     TrainingLog log = new TrainingLog(out.resolve(TrainingLog.FILE), resuming, elapsedBefore)) {
                    if (resuming) {
                        trainer.resume(checkpoint);
                        System.out.printf("resumed at step %d of %d from %s%n", trainer.step(), total, checkpoint);
                    }
                    trainer.addListener(log).addListener(new Progress(total, trainer.step()));
                    run(trainer, batches, total, warm, deadline, checkpoint, elapsedBefore);
                }
                model.save(out);
                CourseTokenizerConfig.write(out, config.maxPositionEmbeddings());
                writeSummary(counts, total);
                System.out.printf("wrote %s (config.json, model.safetensors, tokenizer.json, %s, %s)%n", out,
                        CourseTokenizerConfig.FILE, TrainingLog.FILE);
            }
        }
        return 0;
    }

    private TrainingConfig trainingConfig(int total, int warm) {
        // Batches come from TokenBudgetBatches, so batchSize is only the row count's upper bound here.
        return TrainingConfig.defaults(learningRate, total, batchTokens, maxLength, seed)
                .withSchedule(TrainingConfig.Schedule.COSINE, Math.min(warm, total));
    }

    /**
     * Runs the warm-up (whose learning rates do not depend on the horizon) and times it; the steps that
     * fit in the rest of the budget become the horizon, written with the warm-up's state to the checkpoint.
     */
    private void timeTheWarmUp(LlamaModel model, TokenBudgetBatches batches, int warm, long deadline, Path checkpoint)
            throws IOException {
        long start = System.nanoTime();
        try (Trainer trainer = new Trainer(model, trainingConfig(Integer.MAX_VALUE / 2, warm));
             TrainingLog log = new TrainingLog(out.resolve(TrainingLog.FILE), false, 0)) {
            trainer.addListener(log).addListener(new Progress(0, 0));
            // The first steps are slow while the engine warms up: time only the second half.
            long timedFrom = start;
            int timedSteps = 0;
            for (int s = 0; s < warm && System.nanoTime() < deadline; s++) {
                if (s == warm / 2) timedFrom = System.nanoTime();
                trainer.step(List.of(batches.forStep(s)));
                if (s >= warm / 2) timedSteps++;
            }
            double perStep = (System.nanoTime() - timedFrom) / 1e9 / Math.max(1, timedSteps);
            double left = (deadline - System.nanoTime()) / 1e9 - 20; // keep time to save
            int total = (int) Math.max(trainer.step() + 1, trainer.step() + left * 0.97 / perStep);
            System.out.printf("warm-up: %.2f s per step; horizon %d steps in the %.1f-minute budget%n", perStep, total, minutes);
            trainer.saveCheckpoint(checkpoint);
            writeState(checkpoint, total, warm, (System.nanoTime() - start) / 1e9);
        }
    }

    private void run(Trainer trainer, TokenBudgetBatches batches, int total, int warm, long deadline, Path checkpoint,
                     double elapsedBefore) throws IOException {
        long start = System.nanoTime();
        long lastSave = start;
        while (trainer.step() < total) {
            if (System.nanoTime() >= deadline) {
                System.out.printf("time budget of %.1f minutes used up at step %d of %d: saving%n", minutes, trainer.step(), total);
                break;
            }
            trainer.step(List.of(batches.forStep(trainer.step())));
            if (System.nanoTime() - lastSave > checkpointMinutes * 60e9) {
                save(trainer, checkpoint, total, warm, elapsedBefore + (System.nanoTime() - start) / 1e9);
                lastSave = System.nanoTime();
            }
        }
        save(trainer, checkpoint, total, warm, elapsedBefore + (System.nanoTime() - start) / 1e9);
    }

    private static void save(Trainer trainer, Path checkpoint, int total, int warm, double elapsed) throws IOException {
        trainer.saveCheckpoint(checkpoint);
        writeState(checkpoint, total, warm, elapsed);
    }

    /** training.json: what the model card says about the data and the run. */
    private void writeSummary(PretrainingMix.Counts counts, int total) throws IOException {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("examples", counts.total());
        summary.put("few_shot", counts.fewShot());
        summary.put("direct", counts.direct());
        summary.put("drill_lines", counts.drills());
        summary.put("prose_chunks", counts.prose());
        summary.put("tokens_per_epoch", counts.tokens());
        summary.put("family_weights", weights != null ? weights : PretrainingMix.HARD_FAMILIES);
        summary.put("max_length", maxLength);
        summary.put("batch_tokens", batchTokens);
        summary.put("peak_lr", learningRate);
        summary.put("seed", seed);
        summary.put("horizon_steps", total);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve(ModelCard.TRAINING_SUMMARY).toFile(), summary);
    }

    private static void writeState(Path checkpoint, int total, int warm, double elapsed) throws IOException {
        Map<String, Object> state = new HashMap<>();
        state.put("total_steps", total);
        state.put("warmup_steps", warm);
        state.put("elapsed_s", elapsed);
        JSON.writerWithDefaultPrettyPrinter().writeValue(checkpoint.resolve(STATE).toFile(), state);
    }

    /** Prints step, loss, learning rate, tokens/s and the time left every {@code logEvery} steps. */
    private final class Progress implements TrainingListener {
        private final int total;
        private final long firstStep;
        private final long start = System.nanoTime();
        private double smoothed = Double.NaN;

        Progress(int total, long firstStep) {
            this.total = total;
            this.firstStep = firstStep;
        }

        @Override
        public void onStep(StepMetrics m) {
            smoothed = Double.isNaN(smoothed) ? m.loss() : 0.9 * smoothed + 0.1 * m.loss();
            if (m.step() % logEvery != 0 && m.step() != total) return;
            double perStep = (System.nanoTime() - start) / 1e9 / Math.max(1, m.step() - firstStep);
            String eta = total > 0 ? String.format("%5.1f min", (total - m.step()) * perStep / 60) : "   (timing)";
            System.out.printf("step %6d%s  loss %.4f (avg %.4f)  lr %.2e  %6.0f tok/s  ETA %s%n", m.step(),
                    total > 0 ? "/" + total : "", m.loss(), smoothed, m.learningRate(), m.tokensPerSecond(), eta);
        }
    }
}
