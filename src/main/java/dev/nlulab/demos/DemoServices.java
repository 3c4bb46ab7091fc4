package dev.nlulab.demos;

import dev.nlulab.prompting.SharedModel;

import java.util.List;

/**
 * The demos and what they share: the server's course model (and its line), one sentence encoder loaded
 * on first use, and the reverse-dictionary corpus read on first use. Closed with the server.
 */
public final class DemoServices implements AutoCloseable {
    private final LazyEncoder encoder;
    private final List<Demo<?>> demos;

    public DemoServices(SharedModel model) {
        this.encoder = new LazyEncoder(1);
        this.demos = List.of(new TokenizerDemo(model, encoder), new EmbeddingSimilarityDemo(encoder), new AttentionDemo(model),
                new GenerateDemo(model), new LoraRankDemo(model), new QuantizeDemo(model));
    }

    List<Demo<?>> all() {
        return demos;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
