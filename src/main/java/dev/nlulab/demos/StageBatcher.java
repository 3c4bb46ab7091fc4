package dev.nlulab.demos;

import dev.nlulab.ml.Generation;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.FinishReason;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.prompting.SharedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs several prompting methods on one question side by side, each on its own thread, and gathers their
 * requests to the course model into one batch per round: once every method still running has asked, the
 * last one to ask runs the batch for all, each row with its own token limit. Greedy decoding only (the
 * demo's), so a row gets the text it would get alone. Three methods then cost about one generation per
 * stage instead of one each: decoding a small model is bound by per-step overhead, not by the batch.
 */
final class StageBatcher implements LlmBackend {
    /** The course model turned the batch away (its line is full): the demo answers 429, the methods do not wait. */
    static final class TurnedAway extends RuntimeException {
        TurnedAway(Busy busy) {
            super(busy.getMessage(), busy);
        }

        Busy busy() {
            return (Busy) getCause();
        }
    }

    private static final class Asked {
        final List<CompletionRequest> requests;
        List<Completion> done;
        RuntimeException failed;

        Asked(List<CompletionRequest> requests) {
            this.requests = requests;
        }
    }

    private final SharedModel model;
    private final List<Asked> asked = new ArrayList<>(); // guarded by this: requests waiting for the round
    private int running;                                 // guarded by this: methods not finished
    private int rounds;                                  // guarded by this: batches run

    StageBatcher(SharedModel model) {
        this.model = model;
    }

    /** Runs each method on its own thread, sharing batches; the results in the methods' order. */
    <T> List<T> runAll(List<Supplier<T>> methods) {
        synchronized (this) {
            running = methods.size();
        }
        List<CompletableFuture<T>> results = new ArrayList<>();
        for (Supplier<T> method : methods) {
            CompletableFuture<T> result = new CompletableFuture<>();
            results.add(result);
            Thread t = new Thread(() -> {
                try {
                    result.complete(method.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    leave();
                }
            }, "nlulab-demo-method");
            t.setDaemon(true);
            t.start();
        }
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> r : results) {
            try {
                out.add(r.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Busy("interrupted while the demo's methods ran");
            }
        }
        return out;
    }

    /** Batches run so far: one per stage the slowest method needs. */
    synchronized int rounds() {
        return rounds;
    }

    @Override
    public String model() {
        return model.model();
    }

    @Override
    public Completion complete(CompletionRequest request) {
        return completeAll(List.of(request)).get(0);
    }

    @Override
    public List<Completion> completeAll(List<CompletionRequest> requests) {
        int window = model.contextWindow();
        for (CompletionRequest r : requests) {
            if (r.temperature() != 0) throw new IllegalStateException("the demo's methods decode greedily");
            int tokens = model.promptTokens(r.prompt());
            // refused before joining the round, so only this method records the refusal (Llm asks again one by one)
            if (tokens + r.maxTokens() > window) {
                throw new IllegalArgumentException("the prompt is " + tokens + " tokens; with " + r.maxTokens()
                        + " new tokens it does not fit the model's " + window + "-token context window");
            }
        }
        Asked mine = new Asked(requests);
        synchronized (this) {
            asked.add(mine);
            if (asked.size() == running) runRound();
            while (mine.done == null && mine.failed == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Busy("interrupted while waiting for the demo's batch");
                }
            }
        }
        if (mine.failed != null) throw mine.failed;
        return mine.done;
    }

    private synchronized void leave() {
        running--;
        if (!asked.isEmpty() && asked.size() == running) runRound();
    }

    /** Runs every waiting request as one batch and hands each method its completions; holds the lock. */
    private void runRound() {
        List<Asked> now = new ArrayList<>(asked);
        asked.clear();
        rounds++;
        List<String> prompts = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        List<String> stops = now.get(0).requests.get(0).stop();
        for (Asked a : now) {
            for (CompletionRequest r : a.requests) {
                if (!r.stop().equals(stops)) throw new IllegalStateException("the demo's methods share their stop strings");
                prompts.add(r.prompt());
                limits.add(r.maxTokens());
            }
        }
        long start = System.nanoTime();
        try {
            int[] each = limits.stream().mapToInt(Integer::intValue).toArray();
            int most = limits.stream().mapToInt(Integer::intValue).max().orElse(1);
            List<Generation> out = model.withModel((m, tokenizer) ->
                    new Generator(m, tokenizer).generate(prompts, each, GenerationConfig.greedy(most).withStops(stops)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            int row = 0;
            for (Asked a : now) {
                List<Completion> done = new ArrayList<>();
                for (CompletionRequest r : a.requests) {
                    Generation g = out.get(row++);
                    done.add(new Completion(g.text(), model.promptTokens(r.prompt()), g.tokens().length, FinishReason.of(g.finishReason()), millis));
                }
                a.done = done;
            }
        } catch (Busy busy) {
            for (Asked a : now) a.failed = new TurnedAway(busy);
        } catch (RuntimeException e) {
            for (Asked a : now) a.failed = e;
        }
        notifyAll();
    }
}
