package dev.nlulab.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Request bodies the server refuses, as client errors with a message: one larger than
 * {@code max.request.mb} (413: by its Content-Length before a byte is read, or by Jetty's multipart
 * limits while it is read, for a body sent in chunks) and a multipart body that cannot be parsed (400).
 */
final class RequestBodies {
    private final long maxBytes;

    RequestBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Refuses a body whose declared length is over the limit. A body up to twice the limit is read and
     * dropped first: a client still sending when the server closes gets a reset instead of the 413 and
     * its message (what nginx's lingering close avoids); a larger one is refused unread.
     */
    void refuseDeclaredOversize(Context ctx) {
        long declared = ctx.contentLength();
        if (declared <= maxBytes) return;
        if (declared <= 2 * maxBytes) drain(ctx);
        throw tooLarge();
    }

    private static void drain(Context ctx) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = ctx.req().getInputStream()) {
            while (in.read(buffer) >= 0) {
                // dropped
            }
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    /** The client error behind a failure to read the body, if that is what {@code e} is. */
    Optional<HttpResponseException> clientError(Throwable e) {
        boolean badMessage = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            // Jetty's multipart parser says so in its messages only ("max length exceeded", "max file size exceeded")
            if (t instanceof IllegalStateException && m.startsWith("max ") && m.contains("exceeded")) return Optional.of(tooLarge());
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                if (http.getCode() == 413) return Optional.of(tooLarge());
                badMessage = true;
            }
        }
        if (!badMessage) return Optional.empty();
        return Optional.of(new HttpResponseException(400,
                "The form could not be read: its body is not well-formed multipart/form-data. Reload the page and send it again."));
    }

    private HttpResponseException tooLarge() {
        return new HttpResponseException(413, "The upload or form is larger than this server accepts (at most "
                + maxBytes / (1024 * 1024) + " MB).");
    }
}
