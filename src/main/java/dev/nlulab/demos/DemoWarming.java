package dev.nlulab.demos;

/**
 * A demo's data is being prepared in the background (its first call starts it): the route answers 202 with
 * this message and when to ask again, and the page asks again, so no request waits through a long load.
 */
final class DemoWarming extends RuntimeException {
    private final int retryAfterSeconds;

    DemoWarming(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
