package dev.nlulab.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

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

    /** Refuses a body whose declared length is over the limit, before reading it. */
    void refuseDeclaredOversize(Context ctx) {
        if (ctx.contentLength() > maxBytes) throw tooLarge();
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
