package dev.nlulab.prompting;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Generation;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.NoGrad;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The course model served in-process: one loaded copy shared by every request, one generation at a
 * time (a forward pass already uses both cores), and a bounded line in front of it. A request beyond
 * the line's capacity is turned away at once with {@link LlmBackend.Busy}; one inside waits its turn
 * up to {@code maxWait}, then is turned away too. Many prompts at once ({@link #completeAll}) take one
 * place in line and run in batches of {@code batchSize}, a turn per batch. Each request's arrays and KV
 * cache live in a manager of that request, closed at its end (docs/djl-pitfalls.md #6), so a
 * long-running server stays flat.
 */
public final class ModelService implements LlmBackend {
    /** maxTokens caps every request; capacity counts the running requests and those waiting; batchSize caps the prompts of one batch. */
    public record Limits(int maxTokens, int capacity, Duration maxWait, int batchSize) {
        public Limits {
            if (maxTokens < 1 || capacity < 1 || batchSize < 1) throw new IllegalArgumentException("maxTokens, capacity and batchSize must be >= 1");
        }

        public Limits(int maxTokens, int capacity, Duration maxWait) {
            this(maxTokens, capacity, maxWait, 16);
        }

        public static Limits defaults() {
            return new Limits(256, 8, Duration.ofSeconds(20), 16);
        }
    }

    private final NDManager manager; // null when the caller owns the model
    private final String name;
    private final LlamaModel model;
    private final Tokenizer tokenizer;
    private final Generator generator;
    private final Limits limits;
    private final Semaphore line;
    private final ReentrantLock turn = new ReentrantLock(true);
    private final long loadMillis;

    /** Serves a model the caller loaded (and closes). */
    public ModelService(LlamaModel model, Tokenizer tokenizer, Limits limits) {
        this(null, "model", model, tokenizer, limits, 0);
    }

    private ModelService(NDManager manager, String name, LlamaModel model, Tokenizer tokenizer, Limits limits, long loadMillis) {
        this.manager = manager;
        this.name = name;
        this.model = model;
        this.tokenizer = tokenizer;
        this.generator = new Generator(model, tokenizer);
        this.limits = limits;
        this.line = new Semaphore(limits.capacity(), true);
        this.loadMillis = loadMillis;
    }

    /**
     * Loads the model folder once (config.json, model.safetensors, tokenizer.json); the model is named
     * after its folder. A missing model is {@link CourseModel.Missing} with the commands that build it.
     */
    public static ModelService open(Path modelDir, Limits limits) {
        CourseModel.require(modelDir);
        long start = System.nanoTime();
        NDManager manager = NDManager.newBaseManager();
        try {
            LlamaModel model = QuantizedCheckpoint.loadAny(modelDir, manager); // float, or INT-N (quantized, merged)
            Tokenizer tokenizer = Tokenizer.forModel(modelDir, model.config());
            return new ModelService(manager, modelName(modelDir), model, tokenizer, limits, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The name a model folder is served under: the folder's own name. */
    public static String modelName(Path modelDir) {
        Path name = modelDir.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    @Override
    public String model() {
        return name;
    }

    /**
     * Continues the prompt. A prompt that with its new tokens would not fit the model's context window
     * is refused with {@link IllegalArgumentException} before it takes a place in line.
     */
    @Override
    public Completion complete(CompletionRequest request) {
        return generate(request, null);
    }

    /** As {@link #complete}, handing {@code pieces} the text as it is written ({@link TextStream}). */
    @Override
    public Completion stream(CompletionRequest request, Consumer<String> pieces) {
        return generate(request, new TextStream(tokenizer, request.stop(), pieces));
    }

    private Completion generate(CompletionRequest request, TextStream text) {
        long start = System.nanoTime();
        int promptTokens = checkFits(request, -1);
        GenerationConfig config = config(request, System.nanoTime());
        Generation out = inLine(() -> inTurn(() -> text == null ? generator.generate(List.of(request.prompt()), config)
                : generator.generate(List.of(request.prompt()), config, (row, token) -> text.add(token))).get(0));
        if (text != null) text.finish(out.text());
        return completion(out, promptTokens, start);
    }

    /**
     * Continues every prompt, answers in the requests' order. Requests that ask for the same generation
     * (new tokens, sampling, seed, stop strings) share batches of up to {@code batchSize} prompts; the
     * call takes one place in line and a turn per batch, so a single request can run between two batches.
     * Every prompt is checked against the context window before any runs. Requests that sample without a
     * seed share one seed for the call, so that they can share batches.
     */
    @Override
    public List<Completion> completeAll(List<CompletionRequest> requests) {
        long start = System.nanoTime();
        int[] promptTokens = new int[requests.size()];
        for (int i = 0; i < requests.size(); i++) promptTokens[i] = checkFits(requests.get(i), i);
        long callSeed = System.nanoTime();
        Map<GenerationConfig, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            groups.computeIfAbsent(config(requests.get(i), callSeed), c -> new ArrayList<>()).add(i);
        }
        Completion[] out = new Completion[requests.size()];
        inLine(() -> {
            for (Map.Entry<GenerationConfig, List<Integer>> group : groups.entrySet()) {
                List<Integer> rows = group.getValue();
                for (int from = 0; from < rows.size(); from += limits.batchSize()) {
                    List<Integer> batch = rows.subList(from, Math.min(rows.size(), from + limits.batchSize()));
                    List<String> prompts = batch.stream().map(i -> requests.get(i).prompt()).toList();
                    List<Generation> generated = inTurn(() -> generator.generate(prompts, group.getKey()));
                    for (int k = 0; k < batch.size(); k++) out[batch.get(k)] = completion(generated.get(k), promptTokens[batch.get(k)], start);
                }
            }
            return null;
        });
        return Arrays.asList(out);
    }

    /** The model's tokenizer: encoding needs no turn (the tokenizer is safe to share between threads). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Tokens the prompt takes, beginning-of-sequence included. */
    public int promptTokens(String prompt) {
        return tokenizer.encodeWithBos(prompt).length;
    }

    /** Positions the model can attend over: prompt plus new tokens. */
    public int contextWindow() {
        return model.config().maxPositionEmbeddings();
    }

    /** Requests running or waiting for their turn now. */
    public int inLine() {
        return limits.capacity() - line.availablePermits();
    }

    /** Milliseconds {@link #open} took to load the model and tokenizer (0 when the caller loaded it). */
    public long loadMillis() {
        return loadMillis;
    }

    public Limits limits() {
        return limits;
    }

    /** The prompt's token count, when it fits the window with its new tokens; {@code index} >= 0 names it in a list. */
    private int checkFits(CompletionRequest request, int index) {
        int newTokens = Math.min(request.maxTokens(), limits.maxTokens());
        int promptTokens = promptTokens(request.prompt());
        if (promptTokens + newTokens > contextWindow()) {
            throw new IllegalArgumentException((index < 0 ? "the prompt" : "prompt " + index) + " is " + promptTokens
                    + " tokens; with " + newTokens + " new tokens it does not fit the model's " + contextWindow() + "-token context window");
        }
        return promptTokens;
    }

    /** Runs {@code work} holding a place in line, or turns the caller away when the line is full. */
    /** Work on the loaded model that needs it alone (a demo reading its attention, scoring, swapping a layer and back). */
    @FunctionalInterface
    public interface ModelWork<T> {
        T run(LlamaModel model, Tokenizer tokenizer);
    }

    /**
     * Runs work on the model in the same line and turn as a completion: {@link Busy} when the line is
     * full or the turn does not come within {@code maxWait}. The work must leave the model as it found it.
     */
    public <T> T withModel(ModelWork<T> work) {
        return inLine(() -> inTurn(() -> {
            try (NoGrad noGrad = NoGrad.open()) {
                return work.run(model, tokenizer);
            }
        }));
    }

    private <T> T inLine(Supplier<T> work) {
        if (!line.tryAcquire()) {
            throw new Busy("the course model is busy (" + limits.capacity() + " requests running or waiting); try again shortly");
        }
        try {
            return work.get();
        } finally {
            line.release();
        }
    }

    /** Runs {@code work} on the model once it is this caller's turn, waiting at most {@code maxWait}. */
    private <T> T inTurn(Supplier<T> work) {
        try {
            if (!turn.tryLock(limits.maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy("the course model is busy: waited " + limits.maxWait().toSeconds() + " s for a turn");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted while waiting for the course model");
        }
        try {
            return work.get();
        } finally {
            turn.unlock();
        }
    }

    private static Completion completion(Generation out, int promptTokens, long start) {
        return new Completion(out.text(), promptTokens, out.tokens().length, FinishReason.of(out.finishReason()),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The generation a request asks for; {@code unseeded} is the seed of a sampling request that gives none. */
    private GenerationConfig config(CompletionRequest request, long unseeded) {
        GenerationConfig config = GenerationConfig.greedy(Math.min(request.maxTokens(), limits.maxTokens())).withStops(request.stop());
        if (request.temperature() == 0) return config;
        return config.withSampling(request.temperature(), request.topP(), request.seed().orElse(unseeded));
    }

    @Override
    public void close() {
        if (manager == null) return;
        tokenizer.close();
        manager.close();
    }
}
