package dev.nlulab.prompting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Any OpenAI-compatible server (vLLM, llama.cpp's server, Ollama, NLU Lab's own /v1) behind
 * {@link LlmBackend}, through its {@code /completions} endpoint. Each attempt has a deadline; a busy or
 * failing answer (429, 5xx) or a connection that fails is tried again after a backoff that doubles
 * (with jitter) and honours the server's Retry-After, up to {@code maxRetries} times, then ends in
 * {@link LlmBackend.Busy} or {@link LlmBackend.Unavailable} saying what happened; a request the server
 * refuses (400) is an {@link IllegalArgumentException} with the server's words. At most
 * {@code concurrency} requests are in flight; {@link #completeAll} fills them. Answers are cached on
 * disk by the full request, so a rerun costs nothing. The API key is sent only in the Authorization
 * header: never logged, never in a message, never part of the cache key.
 */
public final class OpenAiHttpBackend implements LlmBackend {
    private static final Logger log = LoggerFactory.getLogger(OpenAiHttpBackend.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where the server is and how to talk to it. {@code baseUrl} ends before the endpoint (".../v1");
     * {@code requestTimeout} bounds one attempt, answer included; {@code cacheDir} null keeps no cache.
     */
    public record Config(URI baseUrl, String apiKey, String model, Duration connectTimeout, Duration requestTimeout,
                         int maxRetries, Duration firstBackoff, Duration maxBackoff, int concurrency, Path cacheDir) {
        public Config {
            if (baseUrl == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("the LLM server's base URL must be an http or https address like http://gpu1:8000/v1, not '"
                        + baseUrl + "'");
            }
            if (model == null || model.isBlank()) throw new IllegalArgumentException("name the model the LLM server serves");
            if (maxRetries < 0 || concurrency < 1) throw new IllegalArgumentException("retries must be >= 0 and concurrency >= 1");
            apiKey = apiKey == null ? "" : apiKey;
        }

        @Override
        public String toString() { // never the key
            return "OpenAI-compatible server " + baseUrl + ", model " + model;
        }
    }

    private final Config config;
    private final URI completions;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final ExecutorService pool;
    private final ResponseCache cache;

    public OpenAiHttpBackend(Config config) {
        this.config = config;
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.completions = URI.create(base + "/completions");
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.inFlight = new Semaphore(config.concurrency(), true);
        this.pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "nlulab-llm-http");
            t.setDaemon(true);
            return t;
        });
        this.cache = config.cacheDir() == null ? null : new ResponseCache(config.cacheDir());
    }

    @Override
    public String model() {
        return config.model();
    }

    public Config config() {
        return config;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        long start = System.nanoTime();
        String body = body(request);
        String key = ResponseCache.key(completions + "\n" + body);
        Optional<String> cached = cache == null ? Optional.empty() : cache.get(key);
        String answer = cached.orElseGet(() -> send(body));
        Completion c = completion(answer, start);
        if (cache != null && cached.isEmpty()) cache.put(key, answer);
        return c;
    }

    /** The requests run up to {@code concurrency} at a time; the first failure fails the call, with its own message. */
    @Override
    public List<Completion> completeAll(List<CompletionRequest> requests) {
        List<CompletableFuture<Completion>> futures = new ArrayList<>();
        for (CompletionRequest r : requests) futures.add(CompletableFuture.supplyAsync(() -> complete(r), pool));
        List<Completion> out = new ArrayList<>();
        try {
            for (CompletableFuture<Completion> f : futures) out.add(f.join());
        } catch (CompletionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        return out;
    }

    /** The request's JSON: every field that shapes the answer, in a fixed order (it is the cache key too). */
    private String body(CompletionRequest request) {
        ObjectNode body = JSON.createObjectNode().put("model", config.model()).put("prompt", request.prompt())
                .put("max_tokens", request.maxTokens()).put("temperature", request.temperature()).put("top_p", request.topP());
        if (!request.stop().isEmpty()) {
            var stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        request.seed().ifPresent(seed -> body.put("seed", seed));
        return body.toString();
    }

    /** Sends the body, retrying what may succeed later; the answer's body. */
    private String send(String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(completions).timeout(config.requestTimeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!config.apiKey().isBlank()) builder.header("Authorization", "Bearer " + config.apiKey());
        HttpRequest request = builder.build();
        Duration backoff = config.firstBackoff();
        String last = null;
        for (int attempt = 0; ; attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = attempt(request);
                int status = response.statusCode();
                if (status / 100 == 2) return response.body();
                String said = serverMessage(response.body());
                if (status != 429 && status < 500) throw refused(status, said);
                last = "answered " + status + (said.isEmpty() ? "" : ": " + said);
                wait = retryAfter(response).map(ra -> max(ra, config.firstBackoff())).orElse(backoff);
                if (status == 429 && attempt == config.maxRetries()) {
                    throw new Busy("the LLM server at " + config.baseUrl() + " is busy (" + last + ") after " + (attempt + 1) + " tries",
                            wait);
                }
            } catch (IOException | TimeoutException e) {
                last = describe(e);
                wait = backoff;
            }
            if (attempt == config.maxRetries()) {
                throw new Unavailable("the LLM server at " + config.baseUrl() + " failed " + (attempt + 1) + " times; last it "
                        + last);
            }
            if (wait.compareTo(config.maxBackoff()) > 0) {
                throw new Busy("the LLM server at " + config.baseUrl() + " asks to wait " + seconds(wait) + " (" + last + ")", wait);
            }
            log.info("LLM server at {} {}; trying again in {} ms", config.baseUrl(), last, wait.toMillis());
            sleep(jitter(wait));
            backoff = min(backoff.multipliedBy(2), config.maxBackoff());
        }
    }

    /** One attempt with a hard deadline on the whole exchange, holding one of the {@code concurrency} places. */
    private HttpResponse<String> attempt(HttpRequest request) throws IOException, TimeoutException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted while waiting to call the LLM server");
        }
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return call.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new Busy("interrupted while calling the LLM server");
        } catch (TimeoutException e) {
            call.cancel(true);
            throw e;
        } finally {
            inFlight.release();
        }
    }

    private Completion completion(String answer, long start) {
        try {
            JsonNode root = JSON.readTree(answer);
            JsonNode choice = root.path("choices").path(0);
            if (!choice.path("text").isTextual()) throw new Unavailable("the LLM server's answer has no choices[0].text: " + abbreviate(answer));
            JsonNode usage = root.path("usage");
            return new Completion(choice.get("text").asText(), usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                    FinishReason.of(choice.path("finish_reason").asText("stop")), (System.nanoTime() - start) / 1_000_000);
        } catch (JsonProcessingException e) {
            throw new Unavailable("the LLM server's answer is not JSON: " + abbreviate(answer));
        }
    }

    /** A 4xx other than 429: the request or the settings are wrong, and trying again will not help. */
    private RuntimeException refused(int status, String said) {
        String what = "the LLM server at " + config.baseUrl() + " answered " + status + (said.isEmpty() ? "" : ": " + said);
        return switch (status) {
            case 401, 403 -> new Unavailable(what + " (check the API key setting)");
            case 404 -> new Unavailable(what + " (check the base URL, which ends before /completions, and the model '" + config.model() + "')");
            default -> new IllegalArgumentException(what);
        };
    }

    /** The message of an OpenAI-shaped error body, or the body's start. */
    private static String serverMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            if (message.isTextual()) return message.asText();
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: say what it starts with
        }
        return abbreviate(body);
    }

    /** Retry-After in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) return Optional.empty();
        String v = header.get().trim();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    private String describe(Exception e) {
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) return "could not be reached (connection refused)";
        if (e instanceof HttpConnectTimeoutException) return "could not be reached within " + seconds(config.connectTimeout());
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) return "did not answer within " + seconds(config.requestTimeout());
        return "failed: " + e;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String abbreviate(String s) {
        String flat = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    private static Duration jitter(Duration d) {
        return Duration.ofMillis((long) (d.toMillis() * (1 + 0.25 * ThreadLocalRandom.current().nextDouble())));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted while waiting to call the LLM server again");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
