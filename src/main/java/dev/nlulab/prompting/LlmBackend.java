package dev.nlulab.prompting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Something that continues prompts: the in-process course model ({@link SharedModel}, {@link ModelService})
 * or any OpenAI-compatible server ({@link OpenAiHttpBackend}). Plain records in and out, so callers (the
 * Model page, the /v1 API, prompting methods such as Meta-CoT) need no DJL and no HTTP.
 */
public interface LlmBackend extends AutoCloseable {
    /** The model's name as the backend reports it (the folder's name, or the server's model id). */
    String model();

    /** Frees what the backend holds (a loaded model, a pool of connections); its owner calls it once. */
    @Override
    default void close() {
    }

    /**
     * Continues the prompt. Throws {@link Busy} when the backend cannot take the request now,
     * {@link Unavailable} when it cannot serve at all (no model, server unreachable or failing), and
     * {@link IllegalArgumentException} for a request it will never serve (a prompt too long for the model).
     */
    Completion complete(CompletionRequest request);

    /**
     * Continues many prompts, answers in the requests' order. A backend runs them together where it can
     * (the in-process model in batches, an HTTP backend several at once); this default runs them one by one.
     */
    default List<Completion> completeAll(List<CompletionRequest> requests) {
        List<Completion> out = new ArrayList<>(requests.size());
        for (CompletionRequest r : requests) out.add(complete(r));
        return out;
    }

    /**
     * Continues the prompt, handing {@code pieces} the text as it is written (the pieces joined are the
     * completion's text); returns the whole completion. This default hands over the text in one piece.
     */
    default Completion stream(CompletionRequest request, Consumer<String> pieces) {
        Completion c = complete(request);
        if (!c.text().isEmpty()) pieces.accept(c.text());
        return c;
    }

    /** The backend is at capacity (its queue is full, or the request waited too long): try again after {@link #retryAfter}. */
    final class Busy extends RuntimeException {
        private final Duration retryAfter;

        public Busy(String message) {
            this(message, Duration.ofSeconds(5));
        }

        public Busy(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The backend cannot serve: no model is loaded, or the server is unreachable, refuses the key or keeps failing. */
    class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
