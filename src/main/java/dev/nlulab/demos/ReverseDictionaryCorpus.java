package dev.nlulab.demos;

import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.encoder.Vectors;
import dev.nlulab.metrics.RankingMetric;
import dev.nlulab.retrieval.Bm25Index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The reverse-dictionary lab's public files as the bm25 demo searches them, read on first use: a BM25
 * index of every candidate word's public text (its side text and its train definitions and examples, as
 * the lab's baseline builds it), each word's MiniLM embedding, and the first {@value #DEV_QUERIES} dev
 * definitions with their gold words, embedded too. Never a test definition. Loaded in the background on
 * first use ({@link #get}); the embeddings are kept on disk ({@link VectorCache}), so only a server's
 * first start with this corpus and encoder computes them.
 */
final class ReverseDictionaryCorpus implements AutoCloseable {
    static final int DEV_QUERIES = 200;
    static final int METRIC_K = 10;

    record Scored(String word, double score) {}

    /** What the demo searches, built once. */
    final class Loaded {
        private final Bm25Index index;
        private final List<String> words;   // the candidates, in the file's order
        private final float[][] wordVectors; // unit vectors, one per candidate
        private final List<ReverseDictionaryData.Query> dev;
        private final float[][] devVectors;
        private final double[] denseMetrics;

        private Loaded(Bm25Index index, List<String> words, float[][] wordVectors, List<ReverseDictionaryData.Query> dev, float[][] devVectors) {
            this.index = index;
            this.words = words;
            this.wordVectors = wordVectors;
            this.dev = dev;
            this.devVectors = devVectors;
            List<List<String>> ranked = new ArrayList<>();
            for (float[] v : devVectors) ranked.add(dense(v, METRIC_K).stream().map(Scored::word).toList());
            this.denseMetrics = metrics(ranked);
        }

        Bm25Index index() {
            return index;
        }

        int candidates() {
            return words.size();
        }

        int devQueries() {
            return dev.size();
        }

        float[] embed(String text) {
            return encoder.get().embed(text);
        }

        /** The k candidates whose embeddings have the largest cosine with the query's, best first. */
        List<Scored> dense(float[] query, int k) {
            PriorityQueue<Scored> best = new PriorityQueue<>((a, b) -> Double.compare(a.score(), b.score()));
            for (int i = 0; i < words.size(); i++) {
                best.add(new Scored(words.get(i), Vectors.dot(query, wordVectors[i])));
                if (best.size() > k) best.poll();
            }
            List<Scored> out = new ArrayList<>(best);
            out.sort((a, b) -> Double.compare(b.score(), a.score()));
            return out;
        }

        double[] denseMetrics() {
            return denseMetrics;
        }

        /** MRR@10 and Success@10 of BM25 with k1 and b on the dev definitions. */
        double[] bm25Metrics(float k1, float b) {
            List<List<String>> ranked = new ArrayList<>();
            for (ReverseDictionaryData.Query item : dev) {
                ranked.add(index.search(item.definition(), METRIC_K, k1, b).stream().map(Bm25Index.Hit::key).toList());
            }
            return metrics(ranked);
        }

        private double[] metrics(List<List<String>> ranked) {
            RankingMetric mrr = new RankingMetric(RankingMetric.Type.MRR, METRIC_K);
            RankingMetric success = new RankingMetric(RankingMetric.Type.SUCCESS, METRIC_K);
            double m = 0, s = 0;
            for (int i = 0; i < dev.size(); i++) {
                m += mrr.item(dev.get(i).words(), ranked.get(i));
                s += success.item(dev.get(i).words(), ranked.get(i));
            }
            return new double[] {m / dev.size(), s / dev.size()};
        }
    }

    /** Candidates embedded at a time while loading; between two, a closing server stops the load. */
    private static final int CHUNK = 512;

    private final ReverseDictionaryData.Source source;
    private final SharedSentenceEncoder encoder;
    private final VectorCache vectors;
    private CompletableFuture<Loaded> loading; // guarded by this: the running or finished load; null before one or after a failure
    private Thread loader;                     // guarded by this
    private volatile boolean closed;

    /** @param vectors where the words' and dev definitions' embeddings are kept between starts */
    ReverseDictionaryCorpus(ReverseDictionaryData.Source source, SharedSentenceEncoder encoder, VectorCache vectors) {
        this.source = source;
        this.encoder = encoder;
        this.vectors = vectors;
    }

    /**
     * The corpus once it is loaded. The first call starts loading it on a background thread (reading the
     * files, building the index, embedding every word takes seconds) and, like every call until it is
     * done, is told to come back ({@link DemoWarming}); a load that failed is tried again on the next call.
     */
    Loaded get() {
        CompletableFuture<Loaded> current;
        synchronized (this) {
            if (closed) throw new DemoUnavailable("the server is stopping");
            if (loading == null) start();
            current = loading;
        }
        if (!current.isDone()) {
            throw new DemoWarming("Reading the reverse dictionary and embedding its words with MiniLM: the first time takes a few seconds.", 2);
        }
        try {
            return current.join();
        } catch (java.util.concurrent.CompletionException e) {
            synchronized (this) {
                if (loading == current) loading = null;
            }
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private void start() {
        CompletableFuture<Loaded> started = new CompletableFuture<>();
        loading = started;
        loader = new Thread(() -> {
            try {
                started.complete(load());
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        }, "nlulab-demo-corpus");
        loader.setDaemon(true);
        loader.start();
    }

    private Loaded load() {
        try {
            ReverseDictionaryData data = source.read();
            List<ReverseDictionaryData.Query> dev = List.copyOf(data.dev().subList(0, Math.min(DEV_QUERIES, data.dev().size())));
            String identity = encoder.get().identity();
            float[][] wordVectors = vectors.get("reverse-dictionary-words", identity, data.candidates(), this::embed);
            float[][] devVectors = vectors.get("reverse-dictionary-dev", identity, dev.stream().map(ReverseDictionaryData.Query::definition).toList(), this::embed);
            return new Loaded(new Bm25Index(data.documents()), List.copyOf(data.candidates()), wordVectors, dev, devVectors);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DemoUnavailable("the reverse-dictionary lab's data is not on this server: " + e.getFile() + " is missing");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reverse-dictionary data: " + e.getMessage(), e);
        }
    }

    private float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += CHUNK) {
            if (closed) throw new DemoUnavailable("the server is stopping");
            List<float[]> chunk = encoder.get().embed(texts.subList(from, Math.min(texts.size(), from + CHUNK)));
            for (int i = 0; i < chunk.size(); i++) out[from + i] = chunk.get(i);
        }
        return out;
    }

    /** Stops a load that is running (it ends after the chunk it is embedding) and frees the index. */
    @Override
    public void close() throws IOException {
        Thread running;
        CompletableFuture<Loaded> current;
        synchronized (this) {
            closed = true;
            running = loader;
            current = loading;
        }
        if (running != null) {
            try {
                running.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) current.join().index.close();
    }
}
