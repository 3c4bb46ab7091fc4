package dev.nlulab.demos;

/** What a demo needs is not on this server (a lab's data, a model): the route answers 503 with what is missing. */
final class DemoUnavailable extends RuntimeException {
    DemoUnavailable(String message) {
        super(message);
    }
}
