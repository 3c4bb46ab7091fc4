package dev.nlulab.prompting;

import dev.nlulab.ml.course.CourseModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The server's one copy of the model at {@code model.dir}: opened on first use (or ahead of it with
 * {@link #preloadInBackground}), shared by every page and demo, closed with the platform. A folder
 * without a model is a state the pages report ({@link #status}), not a crash; requests then get
 * {@link CourseModel.Missing}.
 */
public final class SharedModel implements LlmBackend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedModel.class);

    /** What the model page shows: where the model is, whether it is usable and loaded, and why not. */
    public record Status(Path dir, boolean loaded, long loadMillis, String problem) {
        public boolean available() {
            return problem == null;
        }
    }

    private final Path dir;
    private final ModelService.Limits limits;
    private ModelService service;  // guarded by this
    private String loadFailure;    // guarded by this: the last load's error, cleared by a later success

    public SharedModel(Path dir, ModelService.Limits limits) {
        this.dir = dir;
        this.limits = limits;
    }

    public Path dir() {
        return dir;
    }

    public ModelService.Limits limits() {
        return limits;
    }

    public synchronized Status status() {
        if (service != null) return new Status(dir, true, service.loadMillis(), null);
        Optional<String> missing = CourseModel.problem(dir);
        if (missing.isPresent()) return new Status(dir, false, 0, missing.get());
        return new Status(dir, false, 0, loadFailure);
    }

    @Override
    public Completion complete(CompletionRequest request) {
        return service().complete(request);
    }

    /** Prompt tokens plus new tokens must fit the model's context window; this says how many the prompt takes. */
    public int promptTokens(String prompt) {
        return service().promptTokens(prompt);
    }

    public int contextWindow() {
        return service().contextWindow();
    }

    /** Requests running or waiting on the model now (0 before it is loaded). */
    public synchronized int inLine() {
        return service == null ? 0 : service.inLine();
    }

    /** Loads the model on a daemon thread so that the first request does not wait for it. */
    public void preloadInBackground() {
        if (CourseModel.problem(dir).isPresent()) {
            log.warn("{}", CourseModel.problem(dir).get());
            return;
        }
        Thread t = new Thread(() -> {
            try {
                service();
            } catch (RuntimeException e) {
                log.error("could not load the course model from {}", dir, e);
            }
        }, "nlulab-model-load");
        t.setDaemon(true);
        t.start();
    }

    private synchronized ModelService service() {
        if (service == null) {
            try {
                service = ModelService.open(dir, limits);
                loadFailure = null;
                log.info("loaded the model at {} in {} ms", dir, service.loadMillis());
            } catch (CourseModel.Missing e) {
                throw e;
            } catch (RuntimeException e) {
                // A corrupt or foreign checkpoint: say what and where, and try again on the next request.
                loadFailure = "the model at " + dir + " could not be loaded: " + e.getMessage();
                throw new CourseModel.Missing(loadFailure);
            }
        }
        return service;
    }

    @Override
    public synchronized void close() {
        if (service != null) service.close();
        service = null;
    }
}
