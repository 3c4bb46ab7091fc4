package dev.nlulab.encoder;

/** The sentence encoder could not load or run: its resources are missing or ONNX Runtime failed. */
public final class EncoderException extends RuntimeException {
    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
