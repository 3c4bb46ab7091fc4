package dev.nlulab.demos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.encoder.EncoderException;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.web.Feature;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live demos of the lessons: {@code POST /api/demos/<name>} with the demo's inputs as a JSON object,
 * for any signed-in user. The answer is the demo's JSON; 202 with a message while the demo's data loads
 * in the background (the page asks again after Retry-After). Bad inputs are 400 with what was wrong; too
 * many calls of one user, or a full line on the shared model, 429; a missing model 503. Answers of
 * deterministic demos are cached by their inputs.
 */
public final class DemoRoutes implements Feature {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LiveDemo<?>> demos = new LinkedHashMap<>();
    private final RateLimit rateLimit;
    private final ResultCache cache = new ResultCache(512);

    public DemoRoutes(DemoServices services, int burst, int perMinute, java.time.Clock clock) {
        for (LiveDemo<?> d : services.all()) demos.put(d.name(), d);
        this.rateLimit = new RateLimit(burst, perMinute, clock);
    }

    /** The names of the demos served, for the lessons' check. */
    public List<String> names() {
        return List.copyOf(demos.keySet());
    }

    @Override
    public void routes(Router r) {
        r.post("/api/demos/{name}", Role.STUDENT, this::run);
    }

    private void run(Context ctx) {
        LiveDemo<?> demo = demos.get(ctx.pathParam("name"));
        if (demo == null) {
            refuse(ctx, HttpStatus.NOT_FOUND, "There is no demo named '" + ctx.pathParam("name") + "' (there are " + String.join(", ", demos.keySet()) + ").");
            return;
        }
        long wait = rateLimit.take(Web.me(ctx).id());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "You have run the demos many times in a short while; try again in " + wait + " s.");
            return;
        }
        long start = System.nanoTime();
        try {
            Object answer = answer(demo, new DemoInput(body(ctx)));
            ctx.header("Server-Timing", "demo;dur=" + (System.nanoTime() - start) / 1_000_000);
            ctx.json(answer);
        } catch (DemoWarming e) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            ctx.status(HttpStatus.ACCEPTED).json(Map.of("status", 202, "warming", true, "message", e.getMessage(),
                    "retryAfter", e.retryAfterSeconds()));
        } catch (DemoInput.Invalid e) {
            refuse(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (LlmBackend.Busy e) {
            ctx.header("Retry-After", "5");
            refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "The course model is busy with other students' requests; try again in a few seconds (" + e.getMessage() + ").");
        } catch (CourseModel.Missing | EncoderException | DemoUnavailable e) {
            refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, Web.me(ctx).isInstructor() ? e.getMessage()
                    : "This demo's model is not available on this server yet. Your instructor can set it up.");
        }
    }

    private <P> Object answer(LiveDemo<P> demo, DemoInput input) {
        P params = demo.read(input);
        return demo.cacheable(params) ? cache.get(demo.name(), params, () -> demo.run(params)) : demo.run(params);
    }

    private static JsonNode body(Context ctx) {
        try {
            return JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new DemoInput.Invalid("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * {@code {"status", "error"}}: the error pages write it for the statuses they own (400, 404), and
     * would put their own message over a body written here; 429 and 503 are this route's to write.
     */
    private static void refuse(Context ctx, HttpStatus status, String message) {
        if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
            ctx.status(status).json(Map.of("status", status.getCode(), "error", message));
        } else {
            throw new HttpResponseException(status.getCode(), message);
        }
    }
}
