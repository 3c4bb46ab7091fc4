package dev.nlulab.prompting;

import dev.nlulab.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code llm.backend} setting: which model the Model page and prompting jobs continue prompts with.
 * {@code local} is the course model in this process ({@code model.dir}); {@code http} is an
 * OpenAI-compatible server ({@code llm.http.*}: base URL, key, model, timeouts, retries, concurrency,
 * response cache). The /v1 API always serves the local model.
 */
public final class LlmBackends {
    public static final String LOCAL = "local", HTTP = "http";

    private LlmBackends() {
    }

    /** The chosen backend for the server: the shared local model (closed by its owner), or a new HTTP backend (closed by the caller). */
    public static LlmBackend forServer(Settings settings, SharedModel local) {
        return isHttp(settings) ? new OpenAiHttpBackend(httpConfig(settings)) : local;
    }

    /**
     * The chosen backend for a prompting job's own process: the model folder loaded here (the job has no
     * shared model), or the HTTP server. Either way the caller closes it.
     */
    public static LlmBackend forJob(Settings settings, Path modelDir, ModelService.Limits limits) {
        return isHttp(settings) ? new OpenAiHttpBackend(httpConfig(settings)) : ModelService.open(modelDir, limits);
    }

    static boolean isHttp(Settings settings) {
        String choice = settings.get("llm.backend").trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case LOCAL -> false;
            case HTTP -> true;
            default -> throw new IllegalArgumentException("setting llm.backend must be 'local' (the course model in this process) or"
                    + " 'http' (an OpenAI-compatible server, llm.http.url), was '" + settings.get("llm.backend") + "'");
        };
    }

    /** The HTTP backend's settings, each checked with the setting's name in the message. */
    public static OpenAiHttpBackend.Config httpConfig(Settings s) {
        String url = s.get("llm.http.url").trim();
        if (url.isEmpty()) throw new IllegalArgumentException("llm.backend is http: set llm.http.url to the server's base URL, e.g. http://gpu1:8000/v1");
        URI base;
        try {
            base = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("setting llm.http.url is not a URL: '" + url + "'");
        }
        String model = s.get("llm.http.model").trim();
        if (model.isEmpty()) throw new IllegalArgumentException("llm.backend is http: set llm.http.model to the model the server serves");
        String cache = s.get("llm.http.cache").trim();
        Path cacheDir = cache.equalsIgnoreCase("off") ? null : cache.isEmpty() ? s.dataDir().resolve("llm-cache") : Path.of(cache).toAbsolutePath();
        return new OpenAiHttpBackend.Config(base, s.get("llm.http.key").trim(), model, seconds(s, "llm.http.connect.seconds"),
                seconds(s, "llm.http.timeout.seconds"), nonNegative(s, "llm.http.retries"), Duration.ofMillis(500),
                seconds(s, "llm.http.max.backoff.seconds"), positive(s, "llm.http.concurrency"), cacheDir);
    }

    private static Duration seconds(Settings s, String key) {
        return Duration.ofSeconds(positive(s, key));
    }

    private static int positive(Settings s, String key) {
        int v = s.getInt(key);
        if (v < 1) throw new IllegalArgumentException("setting " + key + " must be at least 1, was " + v);
        return v;
    }

    private static int nonNegative(Settings s, String key) {
        int v = s.getInt(key);
        if (v < 0) throw new IllegalArgumentException("setting " + key + " must be 0 or more, was " + v);
        return v;
    }
}
