package dev.nlulab.demos;

import dev.nlulab.identity.Role;
import dev.nlulab.ml.course.ModelCard;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.SafeMarkdown;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The course model's page: its card, whether it is loaded, and a playground where a student continues
 * a prompt on the shared model (the one copy demos use). A form post renders the page again with the
 * answer; a fetch asking for JSON gets {@code text, tokens, finish_reason, millis}. A full line, or a
 * second request of a student whose first is still in line, is 429,
 * a missing model 503, a bad form or a prompt too long for the window 422, each with what was wrong.
 */
public final class ModelRoutes implements Feature {
    static final int MAX_PROMPT_CHARS = 8000;
    static final double MAX_TEMPERATURE = 2.0;

    /** What the form holds, so a refused request can show it again. */
    public record Form(String prompt, int maxTokens, double temperature) {}

    private final SharedModel model;
    private final LlmBackend backend; // what answers the playground: the shared model, or a server (llm.backend)
    private final Set<Long> asking = ConcurrentHashMap.newKeySet(); // users with a request in line
    private final SafeMarkdown markdown = new SafeMarkdown();
    private ExamplePrompts examples; // built on first view

    public ModelRoutes(SharedModel model) {
        this(model, model);
    }

    /** The page shows {@code model}'s card and state; its playground asks {@code backend}. */
    public ModelRoutes(SharedModel model, LlmBackend backend) {
        this.model = model;
        this.backend = backend;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("Model", "/model", Role.STUDENT, 60));
    }

    @Override
    public void routes(Router r) {
        r.get("/model", Role.STUDENT, this::page);
        r.post("/model", Role.STUDENT, this::complete);
        r.get("/model/" + ModelCard.CURVE, Role.STUDENT, this::lossCurve);
    }

    private void page(Context ctx) {
        ExamplePrompts.Example example = examples().byId(ctx.queryParamAsClass("example", String.class).getOrDefault(""))
                .orElse(examples().first());
        render(ctx, new Form(example.prompt(), 160, 0), Map.of("exampleId", example.id()));
    }

    private void complete(Context ctx) {
        Form form;
        try {
            form = form(ctx);
        } catch (IllegalArgumentException e) {
            refuse(ctx, HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), fallbackForm(ctx));
            return;
        }
        // One request per student at a time, so one student cannot fill the shared line.
        long user = Web.me(ctx).id();
        if (!asking.add(user)) {
            ctx.header("Retry-After", "5");
            refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "You already have a request running on the model; wait for its answer.", form);
            return;
        }
        try {
            Completion c = backend.complete(new CompletionRequest(form.prompt(), form.maxTokens(), form.temperature(), List.of()));
            if (Web.wantsJson(ctx)) {
                ctx.json(Map.of("text", c.text(), "tokens", c.completionTokens(), "finish_reason", c.finishReason().toString(), "millis", c.millis()));
            } else {
                render(ctx, form, Map.of("completion", c));
            }
        } catch (LlmBackend.Busy e) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
            refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), form);
        } catch (LlmBackend.Unavailable e) {
            refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, unavailable(ctx, e.getMessage()), form);
        } catch (IllegalArgumentException e) { // the prompt does not fit the context window
            refuse(ctx, HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), form);
        } finally {
            asking.remove(user);
        }
    }

    private void lossCurve(Context ctx) throws IOException {
        Path file = model.dir().resolve(ModelCard.CURVE);
        if (!Files.isRegularFile(file)) throw new NotFoundResponse("The model has no loss curve.");
        ctx.contentType("image/svg+xml").result(Files.readAllBytes(file));
    }

    private Form form(Context ctx) {
        String prompt = ctx.formParam("prompt");
        if (prompt == null || prompt.isBlank()) throw new IllegalArgumentException("Write a prompt for the model to continue.");
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new IllegalArgumentException("The prompt is " + prompt.length() + " characters; at most " + MAX_PROMPT_CHARS + ".");
        }
        int maxTokens = number(ctx, "max_tokens", 1, model.limits().maxTokens()).intValue();
        double temperature = number(ctx, "temperature", 0, MAX_TEMPERATURE).doubleValue();
        // Browsers send CRLF line ends from a textarea; the model was trained on LF.
        return new Form(prompt.replace("\r\n", "\n"), maxTokens, temperature);
    }

    private static Number number(Context ctx, String name, double min, double max) {
        String raw = ctx.formParam(name);
        double value;
        try {
            value = Double.parseDouble(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number from " + fmt(min) + " to " + fmt(max) + ".");
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be from " + fmt(min) + " to " + fmt(max) + ", not " + raw.trim() + ".");
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static Form fallbackForm(Context ctx) {
        String prompt = ctx.formParam("prompt");
        return new Form(prompt == null ? "" : prompt.substring(0, Math.min(prompt.length(), MAX_PROMPT_CHARS)), 160, 0);
    }

    /** Instructors see where the model is missing and how to build it, or how the server failed; students only that it did. */
    private String unavailable(Context ctx, String detail) {
        if (Web.me(ctx).isInstructor()) return detail;
        return backend == model ? "The course model is not available on this server yet. Your instructor can set it up."
                : "The department's LLM server is not answering now. Try again later; your instructor can see why.";
    }

    private void refuse(Context ctx, HttpStatus status, String message, Form form) {
        ctx.status(status);
        if (Web.wantsJson(ctx)) {
            ctx.json(Map.of("error", message));
        } else {
            render(ctx, form, Map.of("error", message));
        }
    }

    private void render(Context ctx, Form form, Map<String, ?> extra) {
        SharedModel.Status status = model.status();
        Map<String, Object> m = new HashMap<>(extra);
        m.put("form", form);
        m.put("status", status);
        // the local model's state matters only where it answers the prompts
        m.put("statusMessage", status.available() || backend != model ? null : unavailable(ctx, status.problem()));
        m.put("limits", model.limits());
        m.put("examples", grouped());
        m.put("card", card());
        m.put("backend", backend == model ? null : backend.model());
        Web.render(ctx, "model", m);
    }

    /** Examples by family, in the page's order. */
    private Map<String, List<ExamplePrompts.Example>> grouped() {
        Map<String, List<ExamplePrompts.Example>> out = new LinkedHashMap<>();
        for (ExamplePrompts.Example e : examples().all()) out.computeIfAbsent(e.family(), k -> new java.util.ArrayList<>()).add(e);
        return out;
    }

    private synchronized ExamplePrompts examples() {
        if (examples == null) examples = new ExamplePrompts();
        return examples;
    }

    /** The model card as safe HTML, its figure pointed at this page's route; null without a card. */
    private String card() {
        Path file = model.dir().resolve(ModelCard.FILE);
        if (!Files.isRegularFile(file)) return null;
        try {
            String md = Files.readString(file).replace("](" + ModelCard.CURVE + ")", "](/model/" + ModelCard.CURVE + ")");
            return markdown.html(md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
