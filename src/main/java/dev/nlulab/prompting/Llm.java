package dev.nlulab.prompting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * A backend as prompting methods use it: the run's decoding settings (temperature, seed, stop strings),
 * batched requests that come back as {@link LlmCall}s, and running totals of calls, tokens and time for
 * the report. A prompt the backend refuses (too long for the model) becomes a call with an error, not a
 * failed run; a busy backend is waited for; an unavailable one ends the run with its message.
 */
public final class Llm {
    /** How many times a busy backend is asked again before the run gives up. */
    static final int BUSY_TRIES = 30;

    /** Decoding for every request of a run: greedy at temperature 0; stop strings cut each completion. */
    public record Decoding(double temperature, long seed, List<String> stop) {
        public Decoding {
            if (!(temperature >= 0 && temperature <= 2)) throw new IllegalArgumentException("temperature must be 0..2, was " + temperature);
            stop = List.copyOf(stop);
        }

        /** Greedy, cut where the model starts the next question (the course model keeps writing "Q: ..."). */
        public static Decoding greedy(long seed) {
            return new Decoding(0, seed, STOP_AT_NEXT_QUESTION);
        }
    }

    /** The stop strings every request of the course's methods sends: a plain LM writes the next "Q:" itself. */
    public static final List<String> STOP_AT_NEXT_QUESTION = List.of("\n\nQ:", "\nQ:");

    private final LlmBackend backend;
    private final Decoding decoding;
    private final ToIntFunction<String> tokenCounter;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();

    /**
     * {@code tokenCounter} counts a prompt's tokens before it is sent (to fit demonstrations into a budget):
     * the model's own tokenizer where there is one, else an estimate ({@link #estimatedTokens}).
     */
    public Llm(LlmBackend backend, Decoding decoding, ToIntFunction<String> tokenCounter) {
        this.backend = backend;
        this.decoding = decoding;
        this.tokenCounter = tokenCounter;
    }

    /** About four characters a token: what an unknown server's tokenizer is assumed to do. */
    public static int estimatedTokens(String text) {
        return (text.length() + 3) / 4;
    }

    public String model() {
        return backend.model();
    }

    public Decoding decoding() {
        return decoding;
    }

    public int tokens(String prompt) {
        return tokenCounter.applyAsInt(prompt);
    }

    /** Continues every prompt with the run's decoding; calls in the prompts' order. */
    public List<LlmCall> complete(String stage, List<String> prompts, int maxTokens) {
        List<CompletionRequest> requests = new ArrayList<>(prompts.size());
        for (String p : prompts) requests.add(request(p, maxTokens, decoding.temperature(), decoding.seed()));
        return run(stage, requests);
    }

    /** Continues every prompt greedily whatever the run's temperature (Meta-CoT identifies at temperature 0). */
    public List<LlmCall> greedy(String stage, List<String> prompts, int maxTokens) {
        List<CompletionRequest> requests = new ArrayList<>(prompts.size());
        for (String p : prompts) requests.add(request(p, maxTokens, 0, decoding.seed()));
        return run(stage, requests);
    }

    /**
     * Samples each prompt at {@code temperature} with its own seed (Graph of Thoughts' branches): requests
     * that share a seed share a batch on the in-process model, whose rows still draw different tokens.
     */
    public List<LlmCall> sample(String stage, List<String> prompts, List<Long> seeds, int maxTokens, double temperature) {
        if (prompts.size() != seeds.size()) throw new IllegalArgumentException("one seed per prompt");
        List<CompletionRequest> requests = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) requests.add(request(prompts.get(i), maxTokens, temperature, seeds.get(i)));
        return run(stage, requests);
    }

    private CompletionRequest request(String prompt, int maxTokens, double temperature, long seed) {
        return new CompletionRequest(prompt, maxTokens, temperature, 1, temperature == 0 ? OptionalLong.empty() : OptionalLong.of(seed), decoding.stop());
    }

    private List<LlmCall> run(String stage, List<CompletionRequest> requests) {
        if (requests.isEmpty()) return List.of();
        List<LlmCall> out = new ArrayList<>(requests.size());
        try {
            List<Completion> done = whenNotBusy(() -> backend.completeAll(requests));
            for (int i = 0; i < requests.size(); i++) out.add(LlmCall.of(stage, requests.get(i).prompt(), done.get(i)));
        } catch (IllegalArgumentException refused) {
            // one prompt too long refuses the whole batch: ask one by one, and keep the refusals as calls
            out.clear();
            for (CompletionRequest r : requests) {
                try {
                    out.add(LlmCall.of(stage, r.prompt(), whenNotBusy(() -> backend.complete(r))));
                } catch (IllegalArgumentException e) {
                    out.add(LlmCall.refused(stage, r.prompt(), e.getMessage()));
                }
            }
        }
        for (LlmCall c : out) count(c);
        return out;
    }

    private void count(LlmCall c) {
        if (!c.answered()) return;
        calls.incrementAndGet();
        promptTokens.addAndGet(c.promptTokens());
        completionTokens.addAndGet(c.completionTokens());
    }

    private static <T> T whenNotBusy(java.util.function.Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (LlmBackend.Busy busy) {
                if (attempt >= BUSY_TRIES) throw busy;
                sleep(busy.retryAfter());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(100, Math.min(d.toMillis(), 30_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmBackend.Unavailable("interrupted while the backend was busy");
        }
    }

    /** Calls answered so far, and their tokens. */
    public Usage usage() {
        return new Usage(calls.get(), promptTokens.get(), completionTokens.get());
    }

    /** Calls and tokens a run used. */
    public record Usage(long calls, long promptTokens, long completionTokens) {
        public Usage minus(Usage before) {
            return new Usage(calls - before.calls, promptTokens - before.promptTokens, completionTokens - before.completionTokens);
        }
    }
}
