package dev.nlulab.prompting;

import dev.nlulab.ml.course.CourseModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The server's one copy of the model at {@code model.dir}: loaded on a background thread (at start with
 * {@link #preloadInBackground}, else on first use), shared by every page and demo, closed with the
 * platform. {@link #status} never waits for a load: a page says "loading" while one runs, and a request
 * waits for it. A folder without a model is a state the pages report, not a crash; requests then get
 * {@link LlmBackend.Unavailable} saying what is missing; a load that fails is reported and tried again
 * on the next request.
 */
public final class SharedModel implements LlmBackend {
    private static final Logger log = LoggerFactory.getLogger(SharedModel.class);

    /** What the model page shows: where the model is, whether it is loading or loaded, and why it is not usable. */
    public record Status(Path dir, boolean loaded, boolean loading, long loadMillis, String problem) {
        public boolean available() {
            return problem == null;
        }
    }

    /** How a folder becomes a served model ({@link ModelService#open}; a test may hold it back). */
    interface Loader {
        ModelService open(Path dir, ModelService.Limits limits);
    }

    private final Path dir;
    private final ModelService.Limits limits;
    private final Loader loader;
    private CompletableFuture<ModelService> load; // guarded by this: the running or finished load; null before one, after a failure or close
    private String loadFailure;                   // guarded by this: the last failed load's message, cleared by a success

    public SharedModel(Path dir, ModelService.Limits limits) {
        this(dir, limits, ModelService::open);
    }

    SharedModel(Path dir, ModelService.Limits limits, Loader loader) {
        this.dir = dir;
        this.limits = limits;
        this.loader = loader;
    }

    public Path dir() {
        return dir;
    }

    public ModelService.Limits limits() {
        return limits;
    }

    public Status status() {
        CompletableFuture<ModelService> current;
        String failure;
        synchronized (this) {
            current = load;
            failure = loadFailure;
        }
        ModelService loaded = loaded(current);
        if (loaded != null) return new Status(dir, true, false, loaded.loadMillis(), null);
        Optional<String> missing = CourseModel.problem(dir);
        if (missing.isPresent()) return new Status(dir, false, false, 0, missing.get());
        return new Status(dir, false, current != null, 0, failure);
    }

    /** The folder's name: the id the /v1 API lists the model under. */
    @Override
    public String model() {
        return ModelService.modelName(dir);
    }

    @Override
    public Completion complete(CompletionRequest request) {
        return service().complete(request);
    }

    @Override
    public List<Completion> completeAll(List<CompletionRequest> requests) {
        return service().completeAll(requests);
    }

    @Override
    public Completion stream(CompletionRequest request, Consumer<String> pieces) {
        return service().stream(request, pieces);
    }

    /** Prompt tokens plus new tokens must fit the model's context window; this says how many the prompt takes. */
    public int promptTokens(String prompt) {
        return service().promptTokens(prompt);
    }

    public int contextWindow() {
        return service().contextWindow();
    }

    /** Requests running or waiting on the model now (0 before it is loaded). */
    public int inLine() {
        CompletableFuture<ModelService> current;
        synchronized (this) {
            current = load;
        }
        ModelService loaded = loaded(current);
        return loaded == null ? 0 : loaded.inLine();
    }

    /** Starts loading the model on a daemon thread, so that neither a page nor the first request waits for the engine. */
    public void preloadInBackground() {
        Optional<String> missing = CourseModel.problem(dir);
        if (missing.isPresent()) {
            log.warn("{}", missing.get());
            return;
        }
        startLoad();
    }

    private ModelService service() {
        try {
            return startLoad().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CourseModel.Missing missing) throw new LlmBackend.Unavailable(missing.getMessage(), missing);
            throw new LlmBackend.Unavailable(failureMessage(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmBackend.Busy("interrupted while the course model was loading");
        }
    }

    private synchronized CompletableFuture<ModelService> startLoad() {
        if (load != null) return load;
        CompletableFuture<ModelService> started = new CompletableFuture<>();
        load = started;
        Thread t = new Thread(() -> {
            try {
                ModelService s = loader.open(dir, limits);
                synchronized (this) {
                    if (load != started) { // closed while it loaded
                        s.close();
                        started.completeExceptionally(new CourseModel.Missing("the server is stopping"));
                        return;
                    }
                    loadFailure = null;
                }
                log.info("loaded the model at {} in {} ms", dir, s.loadMillis());
                started.complete(s);
            } catch (RuntimeException e) {
                // A missing, corrupt or foreign checkpoint: say what and where, and try again on the next request.
                if (!(e instanceof CourseModel.Missing)) log.error("could not load the course model from {}", dir, e);
                synchronized (this) {
                    loadFailure = e instanceof CourseModel.Missing ? e.getMessage() : failureMessage(e);
                    if (load == started) load = null;
                }
                started.completeExceptionally(e);
            }
        }, "nlulab-model-load");
        t.setDaemon(true);
        t.start();
        return started;
    }

    private String failureMessage(Throwable e) {
        return "the model at " + dir + " could not be loaded: " + e.getMessage();
    }

    private static ModelService loaded(CompletableFuture<ModelService> f) {
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    @Override
    public void close() {
        CompletableFuture<ModelService> current;
        synchronized (this) {
            current = load;
            load = null;
        }
        ModelService loaded = loaded(current);
        if (loaded != null) loaded.close(); // a load still running closes its model itself when it ends
    }
}
