package dev.nlulab.prompting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Models students pick to try besides the course model (a fine-tuning job's merged model), at most
 * {@code max} loaded or loading at once: asking for one more unloads the least recently used, closing
 * its arrays once its running requests end. A model loads on a daemon thread; {@link #use} never waits
 * for a load: it answers {@link Loading} until the model is ready, so a request thread is never held
 * for the seconds a load takes. Each model answers with the {@code model.*} limits of the course model
 * (its own bounded line of {@code capacity} requests, {@code maxWait} for a turn).
 */
public final class TriedModels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TriedModels.class);

    /** The model is loading (or just started to); ask again in a few seconds. */
    public static final class Loading extends RuntimeException {
        Loading(String message) {
            super(message);
        }
    }

    /** One model held: its load, when it was last asked for, the requests running on it. */
    private static final class Held {
        final CompletableFuture<ModelService> load = new CompletableFuture<>();
        long lastUsed;
        int running;     // requests inside use(): the model is not closed under them
        boolean evicted; // out of the map; closed when the last running request ends
        boolean failureReported; // a failed load is reported once, then the next request loads again
    }

    private final int max;
    private final ModelService.Limits limits;
    private final BiFunction<Path, ModelService.Limits, ModelService> loader;
    private final Map<Path, Held> held = new LinkedHashMap<>(); // guarded by this
    private long clock;                                          // guarded by this: orders uses, for least recently used

    public TriedModels(int max, ModelService.Limits limits) {
        this(max, limits, ModelService::open);
    }

    TriedModels(int max, ModelService.Limits limits, BiFunction<Path, ModelService.Limits, ModelService> loader) {
        if (max < 1) throw new IllegalArgumentException("model.tried.max must be at least 1, was " + max);
        this.max = max;
        this.limits = limits;
        this.loader = loader;
    }

    public int max() {
        return max;
    }

    public ModelService.Limits limits() {
        return limits;
    }

    /** Whether the model in {@code dir} is loaded now (false while it loads, or when it is not held). */
    public synchronized boolean isLoaded(Path dir) {
        Held h = held.get(key(dir));
        return h != null && h.load.isDone() && !h.load.isCompletedExceptionally();
    }

    /** The folders of the models held now, least recently used first. */
    public synchronized List<Path> held() {
        List<Map.Entry<Path, Held>> entries = new ArrayList<>(held.entrySet());
        entries.sort((a, b) -> Long.compare(a.getValue().lastUsed, b.getValue().lastUsed));
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    /**
     * Starts loading the model in {@code dir} unless it is held, counting as a use; returns whether it is
     * loaded already. A failed load is {@link LlmBackend.Unavailable} once; the call after it loads again.
     */
    public boolean prepare(Path dir) {
        Path key = key(dir);
        Held h = hold(key);
        synchronized (this) {
            failIfFailed(key, h);
            return h.load.isDone();
        }
    }

    /** A load that failed: {@link LlmBackend.Unavailable} saying why, once; the next call loads again. */
    private static void failIfFailed(Path key, Held h) {
        if (!h.load.isCompletedExceptionally()) return;
        h.failureReported = true;
        throw new LlmBackend.Unavailable("the model in " + key + " could not be loaded: " + failure(h), null);
    }

    /**
     * Runs {@code work} on the loaded model in {@code dir}. {@link Loading} while it loads (the load is
     * started if need be); {@link LlmBackend.Unavailable} when it could not be loaded.
     */
    public <T> T use(Path dir, java.util.function.Function<ModelService, T> work) {
        Path key = key(dir);
        Held h = hold(key);
        ModelService service;
        synchronized (this) {
            if (!h.load.isDone()) throw new Loading("the model is loading; ask again in a few seconds");
            failIfFailed(key, h);
            service = h.load.join();
            h.running++;
        }
        try {
            return work.apply(service);
        } finally {
            synchronized (this) {
                h.running--;
                if (h.evicted && h.running == 0) service.close();
            }
        }
    }

    private synchronized Held hold(Path key) {
        Held h = held.get(key);
        if (h != null && h.load.isCompletedExceptionally() && h.failureReported) { // a failed load, reported: try again
            held.remove(key);
            h = null;
        }
        if (h == null) {
            h = new Held();
            held.put(key, h);
            evictBeyond(max, h);
            startLoad(key, h);
        }
        h.lastUsed = ++clock;
        return h;
    }

    /** Unloads the least recently used models until {@code keep} are held, never {@code current}. */
    private void evictBeyond(int keep, Held current) {
        while (held.size() > keep) {
            Map.Entry<Path, Held> oldest = null;
            for (Map.Entry<Path, Held> e : held.entrySet()) {
                if (e.getValue() != current && (oldest == null || e.getValue().lastUsed < oldest.getValue().lastUsed)) oldest = e;
            }
            if (oldest == null) return;
            held.remove(oldest.getKey());
            release(oldest.getValue());
            log.info("unloaded the tried model in {} (least recently used of {})", oldest.getKey(), max);
        }
    }

    /** Out of the map: closed now if idle and loaded, when its last request ends, or when its load finishes. */
    private void release(Held h) {
        h.evicted = true;
        if (h.load.isDone() && !h.load.isCompletedExceptionally() && h.running == 0) h.load.join().close();
    }

    private void startLoad(Path key, Held h) {
        Thread t = new Thread(() -> {
            try {
                ModelService s = loader.apply(key, limits);
                synchronized (this) {
                    h.load.complete(s);
                    if (h.evicted) s.close(); // unloaded while it loaded
                }
                log.info("loaded the tried model in {} in {} ms", key, s.loadMillis());
            } catch (RuntimeException e) {
                log.error("could not load the tried model in {}", key, e);
                synchronized (this) {
                    h.load.completeExceptionally(e);
                }
            }
        }, "nlulab-tried-model-load");
        t.setDaemon(true);
        t.start();
    }

    private static String failure(Held h) {
        try {
            h.load.join();
            return "";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage();
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    @Override
    public synchronized void close() {
        for (Held h : held.values()) release(h);
        held.clear();
    }
}
