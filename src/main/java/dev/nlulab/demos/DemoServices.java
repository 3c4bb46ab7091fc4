package dev.nlulab.demos;

import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.prompting.SharedModel;

import java.util.List;

/**
 * The demos and what they share: the server's course model (and its line), the server's sentence encoder
 * (loaded on first use), and the reverse-dictionary corpus read on first use. Closed with the server.
 */
public final class DemoServices implements AutoCloseable {
    private final ReverseDictionaryCorpus corpus;
    private final List<LiveDemo<?>> demos;

    /**
     * @param reverseDictionary reads the reverse-dictionary lab's public files, on bm25's first call
     * @param cacheDir          where bm25's embeddings are kept between starts (in the data folder); null keeps none
     */
    public DemoServices(SharedModel model, SharedSentenceEncoder encoder, ReverseDictionaryData.Source reverseDictionary, java.nio.file.Path cacheDir) {
        this.corpus = new ReverseDictionaryCorpus(reverseDictionary, encoder, new VectorCache(cacheDir));
        this.demos = List.of(new TokenizerDemo(model, encoder), new EmbeddingSimilarityDemo(encoder), new AttentionDemo(model),
                new Bm25Demo(corpus), new GenerateDemo(model), new LoraRankDemo(model), new QuantizeDemo(model), new CotDemo(model));
    }

    List<LiveDemo<?>> all() {
        return demos;
    }

    @Override
    public void close() {
        try {
            corpus.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
