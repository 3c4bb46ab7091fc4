package dev.nlulab.demos;

import dev.nlulab.identity.Role;
import dev.nlulab.ml.course.ModelCard;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.prompting.TriedModels;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.SafeMarkdown;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
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
 * <p>
 * With {@code job=<id>} (in the query or the form) the page tries a model of {@link ModelChoices}
 * instead (a fine-tuning job's merged model), checked on the server: one the viewer may not see is 404,
 * one they may not pick 400/422. It loads in the background ({@link TriedModels}, a bounded number at
 * once): while it loads a prompt is answered 202 "loading", never held until it is ready.
 */
public final class ModelRoutes implements Feature {
    static final int MAX_PROMPT_CHARS = 8000;
    static final double MAX_TEMPERATURE = 2.0;
    private static final String TRIED = "nlulab.tried";

    /** What the form holds, so a refused request can show it again. */
    public record Form(String prompt, int maxTokens, double temperature) {}

    private final SharedModel model;
    private final LlmBackend backend; // what answers the playground: the shared model, or a server (llm.backend)
    private final Set<Long> asking = ConcurrentHashMap.newKeySet(); // users with a request in line
    private final SafeMarkdown markdown = new SafeMarkdown();
    private final ModelChoices choices;
    private final TriedModels tried;
    private ExamplePrompts examples; // built on first view

    /** What the page tries instead of the course model: the choice and whether it is loaded yet. */
    public record Tried(String id, String label, boolean loaded) {}

    public ModelRoutes(SharedModel model) {
        this(model, model);
    }

    /** The page shows {@code model}'s card and state; its playground asks {@code backend}. */
    public ModelRoutes(SharedModel model, LlmBackend backend) {
        this(model, backend, ModelChoices.NONE, null);
    }

    /** As above, and a viewer may try one of {@code choices}, loaded into {@code tried} (null: none offered). */
    public ModelRoutes(SharedModel model, LlmBackend backend, ModelChoices choices, TriedModels tried) {
        this.model = model;
        this.backend = backend;
        this.choices = tried == null ? ModelChoices.NONE : choices;
        this.tried = tried;
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
        r.get("/model/tried", Role.STUDENT, this::triedStatus);
    }

    private void page(Context ctx) {
        ExamplePrompts.Example example = examples().byId(ctx.queryParamAsClass("example", String.class).getOrDefault(""))
                .orElse(examples().first());
        Form form = new Form(example.prompt(), 160, 0);
        Map<String, Object> extra = new HashMap<>(Map.of("exampleId", example.id()));
        String job = ctx.queryParam("job");
        if (job != null && !job.isBlank()) {
            try {
                ModelChoices.Choice choice = choices.choose(Web.viewer(ctx), job);
                extra.put("tried", new Tried(choice.id(), choice.label(), tried.prepare(choice.dir()))); // starts its load
            } catch (ModelChoices.Refused e) {
                if (e.status() != 422) throw new HttpResponseException(e.status(), e.getMessage()); // the error page says it
                ctx.status(e.status());
                extra.put("error", e.getMessage());
            } catch (LlmBackend.Unavailable e) {
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
                extra.put("error", triedUnavailable(ctx, job, e));
            }
        }
        render(ctx, form, extra);
    }

    /** Whether the chosen model is loaded yet: {@code {"job": id, "loaded": bool}} (the page asks while it loads). */
    private void triedStatus(Context ctx) {
        try {
            ModelChoices.Choice choice = choices.choose(Web.viewer(ctx), ctx.queryParam("job"));
            ctx.json(Map.of("job", choice.id(), "loaded", tried.prepare(choice.dir())));
        } catch (ModelChoices.Refused e) {
            throw new HttpResponseException(e.status(), e.getMessage());
        } catch (LlmBackend.Unavailable e) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", triedUnavailable(ctx, ctx.queryParam("job"), e)));
        }
    }

    /** A tried model that would not load: instructors read why, students that it did not. */
    private static String triedUnavailable(Context ctx, String job, LlmBackend.Unavailable e) {
        return "The merged model of job " + job.trim() + " could not be loaded"
                + (Web.me(ctx).isInstructor() ? ": " + e.getMessage() : "; your instructor can see why.");
    }

    private void complete(Context ctx) {
        Form form;
        try {
            form = form(ctx);
        } catch (IllegalArgumentException e) {
            refuse(ctx, HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), fallbackForm(ctx));
            return;
        }
        ModelChoices.Choice choice = null;
        String job = ctx.formParam("job");
        if (job != null && !job.isBlank()) {
            try {
                choice = choices.choose(Web.viewer(ctx), job);
                ctx.attribute(TRIED, new Tried(choice.id(), choice.label(), tried.isLoaded(choice.dir()))); // shown again on a refusal
            } catch (ModelChoices.Refused e) {
                if (e.status() != 422) throw new HttpResponseException(e.status(), e.getMessage()); // the error page says it
                refuse(ctx, HttpStatus.forStatus(e.status()), e.getMessage(), form);
                return;
            }
        }
        // One request per student at a time, so one student cannot fill the shared line.
        long user = Web.me(ctx).id();
        if (!asking.add(user)) {
            ctx.header("Retry-After", "5");
            refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "You already have a request running on the model; wait for its answer.", form);
            return;
        }
        Map<String, Object> extra = new HashMap<>();
        try {
            CompletionRequest request = new CompletionRequest(form.prompt(), form.maxTokens(), form.temperature(), List.of());
            Completion c;
            if (choice == null) {
                c = backend.complete(request);
            } else {
                extra.put("tried", new Tried(choice.id(), choice.label(), true));
                c = tried.use(choice.dir(), s -> s.complete(request));
            }
            extra.put("completion", c);
            if (Web.wantsJson(ctx)) {
                ctx.json(Map.of("text", c.text(), "tokens", c.completionTokens(), "finish_reason", c.finishReason().toString(), "millis", c.millis()));
            } else {
                render(ctx, form, extra);
            }
        } catch (TriedModels.Loading e) { // accepted: sent again once the model is loaded, it is answered
            ctx.header("Retry-After", "3");
            ctx.status(HttpStatus.ACCEPTED);
            String message = "The merged model of job " + choice.id() + " is loading, which takes a few seconds; send the prompt again when it is loaded.";
            if (Web.wantsJson(ctx)) {
                ctx.json(Map.of("status", "loading", "message", message));
            } else {
                extra.put("tried", new Tried(choice.id(), choice.label(), false));
                extra.put("loadingMessage", message);
                render(ctx, form, extra);
            }
        } catch (LlmBackend.Busy e) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
            refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), form);
        } catch (LlmBackend.Unavailable e) {
            String message = choice == null ? unavailable(ctx, e.getMessage()) : triedUnavailable(ctx, choice.id(), e);
            refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, message, form);
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
        m.putIfAbsent("tried", ctx.attribute(TRIED));
        m.put("choices", choices.choices(Web.viewer(ctx)));
        m.put("triedMax", tried == null ? 0 : tried.max());
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
