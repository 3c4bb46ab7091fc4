package dev.nlulab.prompting;

/**
 * Something that continues a prompt: the in-process course model ({@link ModelService}) today, an
 * OpenAI-compatible HTTP server later. Plain records in and out, so callers (the web, Meta-CoT) need
 * no DJL.
 */
public interface LlmBackend {
    /** Continues the prompt; throws {@link Busy} when the backend cannot take the request now. */
    Completion complete(CompletionRequest request);

    /** The backend is at capacity (its queue is full, or the request waited too long): the web answers 429. */
    final class Busy extends RuntimeException {
        public Busy(String message) {
            super(message);
        }
    }
}
