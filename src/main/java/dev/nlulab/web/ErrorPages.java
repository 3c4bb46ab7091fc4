package dev.nlulab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

/** Error pages (HTML for people, JSON for scripts) that say what happened and never show a stack trace. */
final class ErrorPages {
    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    private static final String MESSAGE = "nlulab.error.message";
    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad request", 401, "Sign in first", 403, "Not allowed", 404, "Not found",
            405, "Method not allowed", 413, "Too large", 500, "Something went wrong");
    private static final Map<Integer, String> DEFAULT_MESSAGES = Map.of(
            400, "The request could not be understood.",
            401, "Sign in to continue.",
            403, "You do not have access to this page.",
            404, "There is nothing at this address.",
            405, "This address does not accept that kind of request.",
            413, "The upload or form is larger than this server accepts.",
            500, "The server hit an unexpected problem. Nothing you did caused it.");

    private ErrorPages() {}

    static void register(RoutesConfig routes, RequestBodies bodies) {
        routes.exception(HttpResponseException.class, ErrorPages::clientError);
        routes.exception(Exception.class, (e, ctx) -> {
            var unreadable = bodies.clientError(e);
            if (unreadable.isPresent()) {
                clientError(unreadable.get(), ctx);
                return;
            }
            String incident = UUID.randomUUID().toString().substring(0, 8);
            log.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
            ctx.status(500);
            ctx.attribute(MESSAGE, DEFAULT_MESSAGES.get(500) + " (incident " + incident + ")");
        });
        for (int status : TITLES.keySet()) routes.error(status, ErrorPages::render);
    }

    private static void clientError(HttpResponseException e, Context ctx) {
        ctx.status(e.getStatus());
        ctx.attribute(MESSAGE, e.getMessage());
    }

    private static void render(Context ctx) {
        int status = ctx.statusCode();
        String message = ctx.attribute(MESSAGE);
        if (message == null || message.isBlank() || message.startsWith("Endpoint ") || message.equals(TITLES.get(status))) message = DEFAULT_MESSAGES.get(status);
        if (Web.wantsJson(ctx)) {
            ctx.json(Map.of("status", status, "error", message));
            return;
        }
        Web.render(ctx, "error", Map.of("status", status, "heading", TITLES.get(status), "message", message));
    }
}
