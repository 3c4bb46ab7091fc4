package dev.nlulab.web;

import dev.nlulab.identity.User;
import io.javalin.http.Context;

import java.util.Map;

/**
 * A part of the site that programs call with a bearer key instead of a browser session (the
 * OpenAI-compatible /v1). There the session cookie is never read, so a page a student has open cannot
 * make requests in their name; no CSRF token is asked for, since a browser never sends an
 * Authorization header on its own; and every error, the filters' included, comes in the realm's shape.
 */
public interface BearerRealm {
    /** The realm's paths begin with this, e.g. "/v1/". */
    String prefix();

    /** Whose key the request carries; throws an {@link io.javalin.http.HttpResponseException} (401, 429) to refuse it. */
    User authenticate(Context ctx);

    /** Writes an error response; {@code details} are those of the exception that caused it (empty for the server's own errors). */
    void error(Context ctx, int status, String message, Map<String, String> details);
}
