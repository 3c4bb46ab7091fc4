package dev.nlulab.demos;

import dev.nlulab.encoder.SentenceEncoder;

/** The server's one sentence encoder for demos: loaded on the first demo that needs it (about a second), closed with the server. */
final class LazyEncoder implements AutoCloseable {
    private final int threads;
    private SentenceEncoder encoder; // guarded by this

    LazyEncoder(int threads) {
        this.threads = threads;
    }

    synchronized SentenceEncoder get() {
        if (encoder == null) encoder = SentenceEncoder.load(threads);
        return encoder;
    }

    @Override
    public synchronized void close() {
        if (encoder != null) encoder.close();
        encoder = null;
    }
}
