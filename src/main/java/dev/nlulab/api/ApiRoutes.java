package dev.nlulab.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.accounts.ApiKeys;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.prompting.ChatTemplate;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.web.BearerRealm;
import dev.nlulab.web.Feature;
import dev.nlulab.web.Router;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The OpenAI-compatible API at /v1, for programs (the official openai clients, a student's notebook):
 * models, completions, chat completions (streamed as server-sent events when asked), embeddings. A
 * request carries a user's API key as a bearer token, never the browser's session; each key may make
 * {@code requestsPerMinute} requests a minute, counted in the database. Every error, the filters'
 * included, is in OpenAI's shape. Handlers only read the body and hand it to {@link OpenAiService}.
 */
public final class ApiRoutes implements Feature, BearerRealm {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Requests a key may make a minute; the most new tokens a request may ask for; the longest prompt or
     * conversation read; embedding requests running at once (more are answered 429).
     */
    public record Limits(int requestsPerMinute, int maxTokens, int maxPromptChars, int encoderCapacity) {}

    private final ApiKeys keys;
    private final OpenAiRequests requests;
    private final OpenAiService service;
    private final int requestsPerMinute;
    private final Clock clock;

    /** The API over the served model, its chat template (looked up when first needed) and the sentence encoder. */
    public static ApiRoutes of(ApiKeys keys, LlmBackend model, Supplier<Optional<ChatTemplate>> template, SharedSentenceEncoder encoder,
                               Limits limits, Clock clock) {
        return new ApiRoutes(keys, new OpenAiRequests(limits.maxTokens(), limits.maxPromptChars()),
                new OpenAiService(model, template, encoder, limits.encoderCapacity(), clock), limits.requestsPerMinute(), clock);
    }

    ApiRoutes(ApiKeys keys, OpenAiRequests requests, OpenAiService service, int requestsPerMinute, Clock clock) {
        this.keys = keys;
        this.requests = requests;
        this.service = service;
        this.requestsPerMinute = requestsPerMinute;
        this.clock = clock;
    }

    @Override
    public void routes(Router r) {
        r.get("/v1/models", Role.STUDENT, ctx -> ctx.json(service.models()));
        r.post("/v1/completions", Role.STUDENT, this::completions);
        r.post("/v1/chat/completions", Role.STUDENT, this::chat);
        r.post("/v1/embeddings", Role.STUDENT, ctx -> ctx.json(service.embed(requests.embedding(ctx.body()))));
    }

    private void completions(Context ctx) {
        OpenAiRequests.CompletionCall call = requests.completion(ctx.body());
        if (call.sampling().stream()) stream(ctx, chunks -> service.streamCompletion(call, chunks));
        else ctx.json(service.complete(call));
    }

    private void chat(Context ctx) {
        OpenAiRequests.ChatCall call = requests.chat(ctx.body());
        if (call.sampling().stream()) stream(ctx, chunks -> service.streamChat(call, chunks));
        else ctx.json(service.chat(call));
    }

    /**
     * Answers with server-sent events ({@code data: <chunk>} lines, then {@code data: [DONE]}). The response
     * starts with the first chunk, so a request refused before the model writes (busy, too long) gets
     * an ordinary error; one that fails later ends its stream with an error event.
     */
    private void stream(Context ctx, Consumer<OpenAiService.Chunks> run) {
        EventStream events = new EventStream(ctx);
        try {
            run.accept(events::send);
        } catch (RuntimeException e) {
            if (!events.started) throw e;
            events.fail(e);
            return;
        }
        events.done();
    }

    private static final class EventStream {
        private final Context ctx;
        private OutputStream out;
        boolean started;

        EventStream(Context ctx) {
            this.ctx = ctx;
        }

        void send(ObjectNode chunk) {
            try {
                write(JSON.writeValueAsString(chunk));
            } catch (IOException e) {
                throw new UncheckedIOException("the client stopped reading the stream", e); // ends the generation
            }
        }

        void done() {
            try {
                write("[DONE]");
            } catch (IOException e) {
                // the client left after the last chunk: nothing is lost
            }
        }

        void fail(RuntimeException e) {
            if (e instanceof UncheckedIOException) return; // the client is gone
            try {
                int status = e instanceof ApiError a ? a.getStatus() : 500;
                String message = e instanceof ApiError ? e.getMessage() : "The server failed while writing the answer.";
                write(JSON.writeValueAsString(Map.of("error", error(status, message, e instanceof ApiError a ? a.getDetails() : Map.of()))));
            } catch (IOException ignored) {
                // the client is gone
            }
        }

        private void write(String data) throws IOException {
            if (!started) {
                started = true;
                ctx.status(200).contentType("text/event-stream; charset=utf-8");
                ctx.header("Cache-Control", "no-cache");
                ctx.header("X-Accel-Buffering", "no"); // a proxy in front should pass chunks on as they come
                out = ctx.res().getOutputStream();
            }
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public Optional<BearerRealm> bearerRealm() {
        return Optional.of(this);
    }

    @Override
    public String prefix() {
        return "/v1/";
    }

    @Override
    public User authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiError.of(401, "invalid_request_error", "missing_api_key", null, "You didn't provide an API key: send it as"
                    + " 'Authorization: Bearer <key>'. Make a key on the API keys page.");
        }
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        ApiKeys.Use use = keys.use(key).orElseThrow(() -> ApiError.of(401, "invalid_request_error", "invalid_api_key", null,
                "Incorrect API key provided: it is unknown or revoked. Make a key on the API keys page."));
        if (use.requestsThisMinute() > requestsPerMinute) {
            long wait = Duration.between(clock.instant(), use.minuteEnds()).toSeconds() + 1;
            throw ApiError.tooMany("rate_limit_exceeded", "Rate limit reached: this key may make " + requestsPerMinute
                    + " requests a minute. Try again in " + wait + " s.", wait);
        }
        return use.user();
    }

    @Override
    public void error(Context ctx, int status, String message, Map<String, String> details) {
        if (details.containsKey(ApiError.RETRY_AFTER)) ctx.header("Retry-After", details.get(ApiError.RETRY_AFTER));
        ctx.status(status).json(Map.of("error", error(status, message, details)));
    }

    private static ObjectNode error(int status, String message, Map<String, String> details) {
        ObjectNode e = JSON.createObjectNode().put("message", message).put("type", details.getOrDefault(ApiError.TYPE, ApiError.typeFor(status)));
        if (details.containsKey(ApiError.PARAM)) e.put("param", details.get(ApiError.PARAM));
        else e.putNull("param");
        if (details.containsKey(ApiError.CODE)) e.put("code", details.get(ApiError.CODE));
        else e.putNull("code");
        return e;
    }
}
