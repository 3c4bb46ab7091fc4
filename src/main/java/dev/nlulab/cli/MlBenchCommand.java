package dev.nlulab.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nlulab.encoder.EncoderBench;
import dev.nlulab.ml.Batch;
import dev.nlulab.ml.Devices;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Memory;
import dev.nlulab.ml.Trainer;
import dev.nlulab.ml.TrainingConfig;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.course.CourseModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code bench ml}: what this machine does with the ML core. matMul throughput, training throughput
 * of the course-model size for each way of preparing the model (full fine-tuning here; PEFT rows add
 * a {@link TrainingVariant}), peak memory, decoding speed with and without the KV cache, batched
 * decoding's aggregate speed next to one stream's, and the sentence encoder's throughput.
 */
@Command(name = "ml", mixinStandardHelpOptions = true,
        description = "Measure matMul GFLOP/s, training tokens/s and GFLOP/s, memory, generation tokens/s (one stream and batched), sentence-encoder sentences/s.")
public final class MlBenchCommand implements Callable<Integer> {

    /** A row of the training table: a label and what to do to a fresh dense model before training it. */
    public record TrainingVariant(String label, Consumer<LlamaModel> prepare) {
    }

    /** Full fine-tuning; {@link PeftBenchVariants} gives the LoRA / QLoRA / QA-LoRA rows. */
    public static final List<TrainingVariant> TRAINING_VARIANTS = List.of(
            new TrainingVariant("full fine-tuning", model -> { }));

    /** One measured training row. */
    public record TrainingRow(String label, long parameters, long trainableParameters, double tokensPerSecond,
                              double tokensPerCpuSecond, double gflops, long peakRssBytes) {
    }

    /** Prompts generated together in the batched generation rows (what ModelService.completeAll does for a job's prompts). */
    static final int[] GENERATION_BATCHES = {8, 16, 32, 64};

    /** Rows per step of the batch-size rows (at --seq tokens each). */
    static final int[] BATCH_SWEEP = {12, 16, 48};

    @Option(names = "--device", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE})")
    String device = "cpu";

    @Option(names = "--steps", description = "timed training steps per row (default: ${DEFAULT-VALUE})")
    int steps = 8;

    @Option(names = "--batch", description = "sequences per training step (default: ${DEFAULT-VALUE})")
    int batch = 8;

    @Option(names = "--seq", description = "tokens per training sequence (default: ${DEFAULT-VALUE})")
    int sequenceLength = 128;

    @Option(names = "--new-tokens", description = "tokens to generate (default: ${DEFAULT-VALUE})")
    int newTokens = 256;

    @Option(names = "--encoder-threads", description = "ONNX Runtime threads of the sentence encoder rows (default: ${DEFAULT-VALUE})")
    int encoderThreads = 2;

    @Option(names = "--out", description = "also append the table to this Markdown file")
    Path out;

    @Override
    public Integer call() throws IOException {
        Device dev = Devices.resolve(device);
        List<String> lines = new ArrayList<>();
        lines.add("Machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, device "
                + dev + ", engine " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        lines.add("Load average at start: " + loadAverage() + "; intra-op threads: "
                + System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
        lines.add("");
        lines.add("| measure | value |");
        lines.add("|---|---|");
        try (NDManager root = NDManager.newBaseManager(dev)) {
            lines.add(String.format("| float32 matMul 1024^3 | %.1f GFLOP/s |", matMulGflops(root, 1024)));
            LlamaConfig config = CourseModel.config(4096);
            lines.add(String.format("| model | d %d, %d layers, %d heads, ffn %d, vocab %d: %.2fM parameters |",
                    config.hiddenSize(), config.numHiddenLayers(), config.numAttentionHeads(), config.intermediateSize(),
                    config.vocabSize(), config.parameterCount() / 1e6));
            List<TrainingVariant> variants = new ArrayList<>(TRAINING_VARIANTS);
            variants.addAll(PeftBenchVariants.variants(16, 4, 16)); // LoRA, QLoRA, QA-LoRA side by side
            for (TrainingVariant variant : variants) {
                TrainingRow row = measureTraining(root, config, variant, batch, sequenceLength, steps);
                lines.add(String.format("| training, %s (%d x %d tokens, %.2fM trainable) | %.0f tokens/s (%.0f per CPU-second), %.1f GFLOP/s (6 x params x tokens), peak RSS %.0f MB |",
                        row.label(), batch, sequenceLength, row.trainableParameters() / 1e6, row.tokensPerSecond(),
                        row.tokensPerCpuSecond(), row.gflops(), row.peakRssBytes() / 1e6));
            }
            // Pretraining uses small batches: a step's logits (tokens x vocabulary floats) stay under glibc's
            // 32 MB mmap threshold, so their memory is reused instead of mapped and faulted in afresh.
            for (int rows : BATCH_SWEEP) {
                TrainingRow row = measureTraining(root, config, TRAINING_VARIANTS.get(0), rows, sequenceLength, steps);
                lines.add(String.format("| training, full, %d x %d = %,d tokens per step | %.0f tokens/s, %.2f s per step |",
                        rows, sequenceLength, rows * sequenceLength, row.tokensPerSecond(),
                        rows * sequenceLength / row.tokensPerSecond()));
            }
            List<TrainingVariant> deployed = new ArrayList<>();
            deployed.add(new TrainingVariant("fp32", model -> { }));
            deployed.addAll(PeftBenchVariants.mergedVariants(16, 4, 16)); // merged INT4 QA-LoRA, QLoRA merged + re-quantized
            for (TrainingVariant variant : deployed) {
                for (boolean cache : new boolean[] {true, false}) {
                    double[] rate = generationTokensPerSecond(root, config, variant, newTokens, cache);
                    lines.add(String.format("| greedy generation, %s model, %d new tokens, %s | %.0f tokens/s (%.0f per CPU-second) |",
                            variant.label(), newTokens, cache ? "KV cache" : "recomputing", rate[0], rate[1]));
                }
            }
            double single = generationTokensPerSecond(root, config, TRAINING_VARIANTS.get(0), newTokens, true)[0];
            for (int rows : GENERATION_BATCHES) {
                double aggregate = batchedGenerationTokensPerSecond(root, config, rows, newTokens);
                lines.add(String.format("| greedy generation, fp32 model, batch of %d prompts, %d new tokens each, KV cache | %.0f tokens/s aggregate (%.1fx one stream's %.0f) |",
                        rows, newTokens, aggregate, aggregate / single, single));
            }
            lines.addAll(EncoderBench.rows(encoderThreads, 512));
            lines.add(String.format("| peak RSS of the run | %.0f MB |", Memory.peakRssBytes() / 1e6));
        }
        lines.forEach(System.out::println);
        if (out != null) Files.writeString(out, String.join("\n", lines) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return 0;
    }

    /** Best of a few n x n x n float32 products, in GFLOP/s (2 n^3 flops each). */
    public static double matMulGflops(NDManager root, int n) {
        try (NDManager m = root.newSubManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double best = 0;
            for (int i = 0; i < 6; i++) {
                try (NDManager step = m.newSubManager()) {
                    a.tempAttach(step);
                    long start = System.nanoTime();
                    a.matMul(b).getFloat(0, 0); // reading a value waits for the product
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i > 0) best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
                }
            }
            return best;
        }
    }

    /**
     * Trains a fresh random model prepared by the variant on random token sequences (loss on all but
     * the first token) and returns throughput over {@code steps} steps after two warm-up steps.
     */
    public static TrainingRow measureTraining(NDManager root, LlamaConfig config, TrainingVariant variant, int batch,
                                              int sequenceLength, int steps) {
        Random random = new Random(1);
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            long[] answer = new long[sequenceLength];
            for (int t = 0; t < answer.length; t++) answer[t] = 3 + random.nextInt(config.vocabSize() - 3);
            examples.add(new TrainingExample(new long[] {config.bosTokenId()}, answer));
        }
        TrainingConfig training = TrainingConfig.defaults(1e-3, steps + 2, batch, sequenceLength, 1);
        try (LlamaModel model = LlamaModel.random(config, 1, root); Trainer trainer = new Trainer(model, training)) {
            variant.prepare().accept(model);
            List<Batch> batches = List.of(Batch.of(examples, config.eosTokenId(), sequenceLength));
            trainer.step(batches);
            trainer.step(batches);
            long tokens = 0;
            long start = System.nanoTime();
            double cpuStart = Memory.cpuSeconds();
            for (int i = 0; i < steps; i++) tokens += trainer.step(batches).tokens();
            double seconds = (System.nanoTime() - start) / 1e9;
            double tokensPerSecond = tokens / seconds;
            return new TrainingRow(variant.label(), config.parameterCount(), model.trainableParameterCount(),
                    tokensPerSecond, tokens / (Memory.cpuSeconds() - cpuStart), 6.0 * config.parameterCount() * tokensPerSecond / 1e9, Memory.peakRssBytes());
        }
    }

    /** Tokens per second (wall clock, and per CPU-second) of greedy decoding of one 16-token prompt. */
    public static double[] generationTokensPerSecond(NDManager root, LlamaConfig config, TrainingVariant variant,
                                                     int newTokens, boolean cache) {
        // a random model may pick eos at any time: an eos id outside the vocabulary makes every run full length
        try (LlamaModel model = LlamaModel.random(config.withSpecialTokens(config.bosTokenId(), -1), 2, root)) {
            variant.prepare().accept(model);
            long[] prompt = new long[16];
            for (int i = 0; i < prompt.length; i++) prompt[i] = 3 + i;
            Generator generator = new Generator(model, null);
            GenerationConfig greedy = GenerationConfig.greedy(newTokens).withCache(cache);
            // warm-up: the JIT compiles the decode loop in the first few dozen steps
            generator.generateIds(List.of(prompt), GenerationConfig.greedy(Math.min(newTokens, 64)).withCache(cache));
            long start = System.nanoTime();
            double cpuStart = Memory.cpuSeconds();
            long produced = generator.generateIds(List.of(prompt), greedy).get(0).tokens().length;
            return new double[] {produced / ((System.nanoTime() - start) / 1e9), produced / (Memory.cpuSeconds() - cpuStart)};
        }
    }

    /**
     * Aggregate tokens per second of greedy decoding of {@code rows} 16-token prompts at once (all rows
     * run to {@code newTokens}: the random model's eos is out of its vocabulary), after a warm-up batch.
     */
    public static double batchedGenerationTokensPerSecond(NDManager root, LlamaConfig config, int rows, int newTokens) {
        try (LlamaModel model = LlamaModel.random(config.withSpecialTokens(config.bosTokenId(), -1), 2, root)) {
            List<long[]> prompts = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                long[] prompt = new long[16];
                for (int i = 0; i < prompt.length; i++) prompt[i] = 3 + (r * 16 + i) % (config.vocabSize() - 3);
                prompts.add(prompt);
            }
            Generator generator = new Generator(model, null);
            generator.generateIds(prompts, GenerationConfig.greedy(Math.min(newTokens, 32)));
            long start = System.nanoTime();
            long produced = generator.generateIds(prompts, GenerationConfig.greedy(newTokens)).stream().mapToLong(g -> g.tokens().length).sum();
            return produced / ((System.nanoTime() - start) / 1e9);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
