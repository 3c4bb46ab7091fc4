package dev.nlulab.prompting;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The course model served in-process: one loaded copy shared by every request, one generation at a
 * time (a forward pass already uses both cores), and a bounded line in front of it. A request beyond
 * the line's capacity is turned away at once with {@link LlmBackend.Busy}; one inside waits its turn
 * up to {@code maxWait}, then is turned away too. Each request's arrays and KV cache live in a
 * manager of that request, closed at its end (docs/djl-pitfalls.md #6), so a long-running server stays flat.
 */
public final class ModelService implements LlmBackend, AutoCloseable {
    /** maxTokens caps every request; capacity counts the running request and those waiting. */
    public record Limits(int maxTokens, int capacity, Duration maxWait) {
        public Limits {
            if (maxTokens < 1 || capacity < 1) throw new IllegalArgumentException("maxTokens and capacity must be >= 1");
        }

        public static Limits defaults() {
            return new Limits(256, 8, Duration.ofSeconds(20));
        }
    }

    private final NDManager manager; // null when the caller owns the model
    private final LlamaModel model;
    private final Tokenizer tokenizer;
    private final Generator generator;
    private final Limits limits;
    private final Semaphore line;
    private final ReentrantLock turn = new ReentrantLock(true);
    private final long loadMillis;

    /** Serves a model the caller loaded (and closes). */
    public ModelService(LlamaModel model, Tokenizer tokenizer, Limits limits) {
        this(null, model, tokenizer, limits, 0);
    }

    private ModelService(NDManager manager, LlamaModel model, Tokenizer tokenizer, Limits limits, long loadMillis) {
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.generator = new Generator(model, tokenizer);
        this.limits = limits;
        this.line = new Semaphore(limits.capacity(), true);
        this.loadMillis = loadMillis;
    }

    /**
     * Loads the model folder once (config.json, model.safetensors, tokenizer.json). A missing model is
     * {@link CourseModel.Missing} with the commands that build it.
     */
    public static ModelService open(Path modelDir, Limits limits) {
        CourseModel.require(modelDir);
        long start = System.nanoTime();
        NDManager manager = NDManager.newBaseManager();
        try {
            LlamaModel model = QuantizedCheckpoint.loadAny(modelDir, manager); // float, or INT-N (quantized, merged)
            Tokenizer tokenizer = Tokenizer.forModel(modelDir, model.config());
            return new ModelService(manager, model, tokenizer, limits, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Work on the loaded model that needs it alone (a demo reading its attention, scoring, swapping a layer and back). */
    @FunctionalInterface
    public interface ModelWork<T> {
        T run(LlamaModel model, Tokenizer tokenizer);
    }

    /**
     * Continues the prompt. A prompt that with its new tokens would not fit the model's context window
     * is refused with {@link IllegalArgumentException} before it takes a place in line.
     */
    @Override
    public Completion complete(CompletionRequest request) {
        long start = System.nanoTime();
        int newTokens = Math.min(request.maxTokens(), limits.maxTokens());
        int promptTokens = promptTokens(request.prompt());
        if (promptTokens + newTokens > contextWindow()) {
            throw new IllegalArgumentException("the prompt is " + promptTokens + " tokens; with " + newTokens
                    + " new tokens it does not fit the model's " + contextWindow() + "-token context window");
        }
        return inTurn((m, t) -> {
            var out = generator.generate(List.of(request.prompt()), config(request)).get(0);
            return new Completion(out.text(), out.tokens().length, out.finishReason(), (System.nanoTime() - start) / 1_000_000);
        });
    }

    /**
     * Runs work on the model in the same line and turn as a completion: {@link Busy} when the line is
     * full or the turn does not come within {@code maxWait}. The work must leave the model as it found it.
     */
    public <T> T inTurn(ModelWork<T> work) {
        if (!line.tryAcquire()) {
            throw new Busy("the course model is busy (" + limits.capacity() + " requests running or waiting); try again shortly");
        }
        try {
            if (!turn.tryLock(limits.maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy("the course model is busy: waited " + limits.maxWait().toSeconds() + " s for a turn");
            }
            try {
                return work.run(model, tokenizer);
            } finally {
                turn.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted while waiting for the course model");
        } finally {
            line.release();
        }
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

    private GenerationConfig config(CompletionRequest request) {
        GenerationConfig config = GenerationConfig.greedy(Math.min(request.maxTokens(), limits.maxTokens())).withStops(request.stop());
        return request.temperature() == 0 ? config : config.withSampling(request.temperature(), 1.0, System.nanoTime());
    }

    @Override
    public void close() {
        if (manager == null) return;
        tokenizer.close();
        manager.close();
    }
}
