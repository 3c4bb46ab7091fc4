package dev.nlulab.api;

import io.javalin.http.HttpResponseException;

import java.util.HashMap;
import java.util.Map;

/**
 * An error of the /v1 API, answered in OpenAI's shape {@code {"error": {"message", "type", "param", "code"}}}:
 * the status, the message, and type, param and code carried as the exception's details.
 */
final class ApiError extends HttpResponseException {
    static final String TYPE = "type", PARAM = "param", CODE = "code", RETRY_AFTER = "retry_after";

    private ApiError(int status, String message, Map<String, String> details) {
        super(status, message, details);
    }

    static ApiError of(int status, String type, String code, String param, String message) {
        Map<String, String> details = new HashMap<>();
        details.put(TYPE, type);
        if (code != null) details.put(CODE, code);
        if (param != null) details.put(PARAM, param);
        return new ApiError(status, message, details);
    }

    /** 400: the request is not one the API serves; {@code param} names the field. */
    static ApiError invalid(String param, String code, String message) {
        return of(400, "invalid_request_error", code, param, message);
    }

    /** 429 with a Retry-After of {@code seconds}. */
    static ApiError tooMany(String code, String message, long seconds) {
        ApiError e = of(429, "rate_limit_error", code, null, message);
        e.getDetails().put(RETRY_AFTER, Long.toString(Math.max(1, seconds)));
        return e;
    }

    /** The error type OpenAI gives a status when the exception named none. */
    static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404, 400, 405, 413, 415, 422 -> "invalid_request_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
