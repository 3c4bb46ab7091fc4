package dev.nlulab.encoder;

/**
 * The server's one sentence encoder: loaded on first use (about a second and ~290 MB, so a server whose
 * users never embed never pays), shared by every caller (the encoder is safe across threads), closed
 * with the platform.
 */
public final class SharedSentenceEncoder implements AutoCloseable {
    private final int threads;
    private SentenceEncoder encoder; // guarded by this

    public SharedSentenceEncoder(int threads) {
        this.threads = threads;
    }

    /** The encoder, loaded now if this is the first call; an {@link EncoderException} says why it cannot load. */
    public synchronized SentenceEncoder get() {
        if (encoder == null) encoder = SentenceEncoder.load(threads);
        return encoder;
    }

    @Override
    public synchronized void close() {
        if (encoder != null) encoder.close();
        encoder = null;
    }
}
