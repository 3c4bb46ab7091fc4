package dev.nlulab.demos;

import dev.nlulab.retrieval.Bm25Index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bm25}: one query against the reverse-dictionary lab's candidate words, two ways side by side:
 * Lucene's BM25 over each word's public text (k1 and b as given) and dense retrieval with MiniLM (the
 * query's embedding against each word's), each with its scores; and both scored on labelled dev
 * definitions (MRR@10, Success@10), BM25 again for every k1 and b.
 */
final class Bm25Demo implements LiveDemo<Bm25Demo.Params> {
    static final int MAX_CHARS = 300;
    static final int MAX_K = 20;

    record Params(String query, double k1, double b, int k) {}

    record Hit(String word, double score) {}

    /** Mean MRR@10 and Success@10 of each retriever on the first {@code queries} dev definitions. */
    record Metrics(int queries, double bm25Mrr, double bm25Success, double denseMrr, double denseSuccess) {}

    record Answer(String query, double k1, double b, int candidates, List<Hit> bm25, List<Hit> dense, Metrics dev) {}

    private final ReverseDictionaryCorpus corpus;
    private final Map<List<Double>, double[]> bm25Metrics = new ConcurrentHashMap<>(); // by (k1, b)

    Bm25Demo(ReverseDictionaryCorpus corpus) {
        this.corpus = corpus;
    }

    @Override
    public String name() {
        return "bm25";
    }

    @Override
    public Params read(DemoInput input) {
        return new Params(input.text("query", MAX_CHARS), input.number("k1", 0, 3, 1.2), input.number("b", 0, 1, 0.75),
                input.integer("k", 1, MAX_K, 10));
    }

    @Override
    public Answer run(Params p) {
        ReverseDictionaryCorpus.Loaded c = corpus.get();
        List<Hit> bm25 = new ArrayList<>();
        for (Bm25Index.Hit h : c.index().search(p.query(), p.k(), (float) p.k1(), (float) p.b())) bm25.add(new Hit(h.key(), round(h.score())));
        List<Hit> dense = new ArrayList<>();
        for (ReverseDictionaryCorpus.Scored s : c.dense(c.embed(p.query()), p.k())) dense.add(new Hit(s.word(), round(s.score())));
        double[] lexical = bm25Metrics.computeIfAbsent(List.of(p.k1(), p.b()), kb -> c.bm25Metrics((float) p.k1(), (float) p.b()));
        double[] semantic = c.denseMetrics();
        Metrics dev = new Metrics(c.devQueries(), round(lexical[0]), round(lexical[1]), round(semantic[0]), round(semantic[1]));
        return new Answer(p.query(), p.k1(), p.b(), c.candidates(), bm25, dense, dev);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
