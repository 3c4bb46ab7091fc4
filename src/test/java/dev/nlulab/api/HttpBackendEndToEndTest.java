package dev.nlulab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nlulab.accounts.ApiKeys;
import dev.nlulab.identity.Role;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.prompting.OpenAiHttpBackend;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions at once: the HTTP backend (what prompting jobs use for a department's server) pointed
 * at the platform's own /v1. It writes what the in-process model writes, waits out a full line as the
 * server's Retry-After asks, answers a rerun from its cache with the server gone, and says clearly what
 * is wrong with a bad key, an unknown model or a prompt the server refuses.
 */
class HttpBackendEndToEndTest {
    static {
        TinyModels.init();
    }

    static final String PROMPT = TinyModels.PROMPT;

    static OpenAiHttpBackend backend(URI base, String key, String model, Path cache, int retries, Duration maxBackoff) {
        return new OpenAiHttpBackend(new OpenAiHttpBackend.Config(base, key, model, Duration.ofSeconds(2), Duration.ofSeconds(60), retries,
                Duration.ofMillis(200), maxBackoff, 2, cache));
    }

    @Test
    void theBackendWritesWhatTheModelWritesAndARerunComesFromItsCache(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        List<CompletionRequest> requests = List.of(CompletionRequest.greedy(PROMPT, 8), CompletionRequest.greedy("The answer is", 6),
                CompletionRequest.greedy("Ann flips the coin.", 7).withStop(List.of(" ")),
                new CompletionRequest(PROMPT, 5, 1.2, 0.9, java.util.OptionalLong.of(3), List.of()));
        URI base;
        List<Completion> viaHttp;
        try (ApiFixture api = new ApiFixture(dir.resolve("tiny-model"), Map.of())) {
            base = URI.create(api.server.url("/v1"));
            try (OpenAiHttpBackend http = backend(base, api.key(), "tiny-model", cache, 2, Duration.ofSeconds(10))) {
                assertThat(http.model()).isEqualTo("tiny-model");
                viaHttp = http.completeAll(requests);
                List<Completion> local = api.server.platform.model().completeAll(requests.subList(0, 3));
                for (int i = 0; i < 3; i++) {
                    assertThat(viaHttp.get(i).text()).as("request %d", i).isEqualTo(local.get(i).text());
                    assertThat(viaHttp.get(i).finishReason().openAi()).isEqualTo(local.get(i).finishReason().openAi());
                    assertThat(viaHttp.get(i).promptTokens()).isEqualTo(local.get(i).promptTokens());
                    assertThat(viaHttp.get(i).completionTokens()).isEqualTo(local.get(i).completionTokens());
                }
            }
        }
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(requests.size());
        }
        // the server is gone: the same requests come from the cache (the sampled one too); a new one fails clearly and soon
        try (OpenAiHttpBackend rerun = backend(base, "another-key", "tiny-model", cache, 1, Duration.ofSeconds(1))) {
            List<Completion> again = rerun.completeAll(requests);
            for (int i = 0; i < requests.size(); i++) assertThat(again.get(i).text()).isEqualTo(viaHttp.get(i).text());
            long start = System.nanoTime();
            assertThatThrownBy(() -> rerun.complete(CompletionRequest.greedy("Something new", 4)))
                    .isInstanceOf(LlmBackend.Unavailable.class)
                    .hasMessage("the LLM server at " + base + " failed 2 times; last it could not be reached (connection refused)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFullLineIsWaitedOutAsRetryAfterAsksAndNoKeyIsLogged(@TempDir Path dir) throws Exception {
        String patientKey, hastyKey;
        try (LogCapture log = new LogCapture();
             ApiFixture api = new ApiFixture(dir.resolve("tiny-model"), Map.of("model.queue", "1", "model.wait.seconds", "0"));
             // patient enough to outwait the 3 s hold below through a few Retry-Afters
             OpenAiHttpBackend patient = backend(URI.create(api.server.url("/v1")), patientKey = api.key(), "tiny-model", null, 24, Duration.ofSeconds(10));
             OpenAiHttpBackend hasty = backend(URI.create(api.server.url("/v1")), hastyKey = api.key(), "tiny-model", null, 3, Duration.ofSeconds(1))) {
            SharedModel model = api.server.platform.model();
            model.complete(CompletionRequest.greedy(PROMPT, 1));
            // work on the model holds the server's line for a few seconds
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> model.withModel((m, t) -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            while (model.inLine() == 0 && !holder.isDone()) Thread.sleep(1);
            assertThatThrownBy(() -> hasty.complete(CompletionRequest.greedy(PROMPT, 4))).as("a wait longer than the backoff allows")
                    .isInstanceOf(LlmBackend.Busy.class).hasMessageContaining("asks to wait 5 s").hasMessageContaining("answered 429");
            long start = System.nanoTime();
            Completion c = patient.complete(CompletionRequest.greedy(PROMPT, 4));
            double waited = (System.nanoTime() - start) / 1e9;
            holder.get(120, TimeUnit.SECONDS);
            assertThat(c.text()).isEqualTo(model.complete(CompletionRequest.greedy(PROMPT, 4)).text());
            assertThat(waited).as("seconds waited: the server said 5").isGreaterThanOrEqualTo(5.0);
            // both ends logged what happened (the backend's retries), and neither logged a key, nor its secret part
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("answered 429").contains("trying again"));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("path=/v1/completions status=429"));
            for (String key : List.of(patientKey, hastyKey)) {
                assertThat(log.lines()).allSatisfy(line -> assertThat(line).doesNotContain(key.substring(ApiKeys.PREFIX.length())));
            }
        }
    }

    @Test
    void theSettingPointsTheModelPageAtAServer(@TempDir Path dir) {
        try (ApiFixture department = new ApiFixture(dir.resolve("tiny-model"), Map.of());
             TestServer here = TestServer.start(Map.of("model.dir", dir.resolve("no-model-here").toString(), "llm.backend", "http",
                     "llm.http.url", department.server.url("/v1"), "llm.http.key", department.key(), "llm.http.model", "tiny-model",
                     "llm.http.cache", "off", "llm.http.retries", "0"), List.of())) {
            here.user("first@uni.edu", Role.ADMIN);
            TestClient student = here.signedIn("student@uni.edu", Role.STUDENT);
            String page = student.get("/model").body();
            assertThat(page).contains("Prompts here are answered by tiny-model on the department&#39;s LLM server")
                    .as("no local model is no problem here").doesNotContain("role=\"alert\"");
            HttpResponse<String> r = student.send(HttpRequest.newBuilder(URI.create(here.url("/model"))).header("Accept", "application/json")
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", student.csrfToken())
                    .POST(HttpRequest.BodyPublishers.ofString("prompt=" + URLEncoder.encode(PROMPT, StandardCharsets.UTF_8)
                            + "&max_tokens=6&temperature=0")).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String expected = department.server.platform.model().complete(CompletionRequest.greedy(PROMPT, 6)).text();
            assertThat(ApiFixture.json(r).get("text").asText()).isEqualTo(expected);

            department.close(); // the server goes away: students are told it is not answering, instructors how it failed
            HttpResponse<String> gone = student.post("/model", Map.of("prompt", PROMPT, "max_tokens", "6", "temperature", "0"));
            assertThat(gone.statusCode()).isEqualTo(503);
            assertThat(gone.body()).contains("The department&#39;s LLM server is not answering now").doesNotContain("connection refused");
            TestClient instructor = here.signedIn("teacher@uni.edu", Role.INSTRUCTOR);
            instructor.get("/model");
            assertThat(instructor.post("/model", Map.of("prompt", PROMPT, "max_tokens", "6", "temperature", "0")).body())
                    .contains("could not be reached (connection refused)");
        }
    }

    @Test
    void aBadKeyAnUnknownModelOrARefusedPromptSayWhatIsWrong(@TempDir Path dir) {
        try (ApiFixture api = new ApiFixture(dir.resolve("tiny-model"), Map.of());
             OpenAiHttpBackend wrongKey = backend(URI.create(api.server.url("/v1")), "nlulab-" + "x".repeat(43), "tiny-model", null, 3, Duration.ofSeconds(1));
             OpenAiHttpBackend wrongModel = backend(URI.create(api.server.url("/v1")), api.key(), "gpt-4o", null, 3, Duration.ofSeconds(1));
             OpenAiHttpBackend right = backend(URI.create(api.server.url("/v1")), api.key(), "tiny-model", null, 3, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> wrongKey.complete(CompletionRequest.greedy(PROMPT, 4))).isInstanceOf(LlmBackend.Unavailable.class)
                    .hasMessageContaining("answered 401: Incorrect API key provided").hasMessageEndingWith("(check the API key setting)")
                    .hasMessageNotContaining("xxxx");
            assertThatThrownBy(() -> wrongModel.complete(CompletionRequest.greedy(PROMPT, 4))).isInstanceOf(LlmBackend.Unavailable.class)
                    .hasMessageContaining("answered 404: The model 'gpt-4o' does not exist here").hasMessageContaining("check the base URL");
            assertThatThrownBy(() -> right.complete(CompletionRequest.greedy("Ann flips the coin. ".repeat(390), 8)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answered 400")
                    .hasMessageContaining("does not fit the model's 1024-token context window");
        }
    }
}
