package dev.nlulab.demos;

import dev.nlulab.prompting.SharedModel;

import java.nio.file.Path;
import java.util.List;

/**
 * The demos and what they share: the server's course model (and its line), one sentence encoder loaded
 * on first use, and the reverse-dictionary corpus read on first use. Closed with the server.
 */
public final class DemoServices implements AutoCloseable {
    private final LazyEncoder encoder;
    private final ReverseDictionaryCorpus corpus;
    private final List<LiveDemo<?>> demos;

    /** @param reverseDictionaryData the reverse-dictionary lab's {@code data/} folder */
    public DemoServices(SharedModel model, Path reverseDictionaryData) {
        this.encoder = new LazyEncoder(1);
        this.corpus = new ReverseDictionaryCorpus(reverseDictionaryData, encoder);
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
        } finally {
            encoder.close();
        }
    }
}
