package dev.nlulab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Error pages (HTML for people, JSON for scripts, a bearer realm's own shape for its programs) that say
 * what happened and never show a stack trace.
 */
final class ErrorPages {
    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    private static final String MESSAGE = "nlulab.error.message";
    private static final String WRITTEN = "nlulab.error.written";
    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad request", 401, "Sign in first", 403, "Not allowed", 404, "Not found",
            405, "Method not allowed", 413, "Too large", 500, "Something went wrong");
    /** Statuses whose page is written where the exception is handled, not by a status handler. */
    private static final Map<Integer, String> OUTAGE_TITLES = Map.of(503, "Try again in a minute", 507, "The disk is full");
    private static final Map<Integer, String> DEFAULT_MESSAGES = Map.of(
            400, "The request could not be understood.",
            401, "Sign in to continue.",
            403, "You do not have access to this page.",
            404, "There is nothing at this address.",
            405, "This address does not accept that kind of request.",
            413, "The upload or form is larger than this server accepts.",
            500, "The server hit an unexpected problem. Nothing you did caused it.");

    private ErrorPages() {}

    static void register(RoutesConfig routes, RequestBodies bodies, Function<Context, BearerRealm> realms) {
        routes.exception(HttpResponseException.class, (e, ctx) -> clientError(e, ctx, realms.apply(ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            var unreadable = bodies.clientError(e);
            if (unreadable.isPresent()) {
                clientError(unreadable.get(), ctx, realms.apply(ctx));
                return;
            }
            var outage = Outages.of(e);
            if (outage.isPresent()) { // said at once: no error page is registered for these statuses (a 503 of /healthz is its own)
                log.warn("{} on {} {}: {}", outage.get().getStatus(), ctx.method(), ctx.path(), e.toString());
                clientError(outage.get(), ctx, realms.apply(ctx));
                render(ctx, realms.apply(ctx));
                return;
            }
            String incident = UUID.randomUUID().toString().substring(0, 8);
            log.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
            ctx.status(500);
            ctx.attribute(MESSAGE, DEFAULT_MESSAGES.get(500) + " (incident " + incident + ")");
            BearerRealm realm = realms.apply(ctx);
            if (realm != null) written(ctx, realm, 500, ctx.attribute(MESSAGE), Map.of());
        });
        for (int status : TITLES.keySet()) routes.error(status, ctx -> render(ctx, realms.apply(ctx)));
    }

    private static void clientError(HttpResponseException e, Context ctx, BearerRealm realm) {
        ctx.status(e.getStatus());
        ctx.attribute(MESSAGE, e.getMessage());
        if (realm != null) written(ctx, realm, e.getStatus(), message(ctx, e.getStatus()), e.getDetails());
    }

    /** A realm's error is written where it happens, with the exception's details; the status's page then leaves it be. */
    private static void written(Context ctx, BearerRealm realm, int status, String message, Map<String, String> details) {
        realm.error(ctx, status, message, details);
        ctx.attribute(WRITTEN, true);
    }

    private static String message(Context ctx, int status) {
        String message = ctx.attribute(MESSAGE);
        if (message == null || message.isBlank() || message.startsWith("Endpoint ") || message.equals(TITLES.get(status))) {
            message = DEFAULT_MESSAGES.getOrDefault(status, "The request failed.");
        }
        return message;
    }

    private static void render(Context ctx, BearerRealm realm) {
        int status = ctx.statusCode();
        String message = message(ctx, status);
        if (realm != null) {
            if (ctx.attribute(WRITTEN) == null) realm.error(ctx, status, message, Map.of());
            return;
        }
        if (Web.wantsJson(ctx)) {
            ctx.json(Map.of("status", status, "error", message));
            return;
        }
        String heading = TITLES.getOrDefault(status, OUTAGE_TITLES.getOrDefault(status, "The request failed"));
        Web.render(ctx, "error", Map.of("status", status, "heading", heading, "message", message));
    }
}
