package dev.nlulab.encoder;

/** One encoder (2 threads) for the test classes that only read from it: loading takes a second or more. */
final class SharedEncoder {
    private static SentenceEncoder encoder;

    private SharedEncoder() {
    }

    /** Loaded on first use; the JVM's exit frees it. */
    static synchronized SentenceEncoder get() {
        if (encoder == null) encoder = SentenceEncoder.load(2);
        return encoder;
    }
}
