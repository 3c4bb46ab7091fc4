package dev.nlulab.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.prompting.ChatTemplate;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /v1 API over HTTP on a tiny model: answers equal the in-process model's, chats go through the
 * model's chat template, streams add up to the whole answer, embeddings are the encoder's, and every
 * refusal is a 4xx in OpenAI's shape.
 */
class ApiRoutesTest {
    static {
        TinyModels.init();
    }

    static final String PROMPT = TinyModels.PROMPT;
    static ApiFixture api;
    static String key;

    @BeforeAll
    static void start(@TempDir Path dir) {
        // one request at a time and no waiting: a second request while one runs is turned away
        api = new ApiFixture(dir.resolve("tiny-model"), Map.of("model.queue", "1", "model.wait.seconds", "0"));
        key = api.key();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static SharedModel model() {
        return api.server.platform.model();
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    static String chatPrompt(List<ChatTemplate.Message> messages) {
        return ChatTemplate.of(api.modelDir).orElseThrow().render(messages, true);
    }

    @Test
    void modelsListsTheServedModelAndTheEncoder() {
        HttpResponse<String> r = api.get("/v1/models", key);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = ApiFixture.json(r);
        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(list.get("data").findValuesAsText("id")).containsExactly("tiny-model", SentenceEncoder.NAME);
        assertThat(list.get("data").get(0).get("object").asText()).isEqualTo("model");
    }

    @Test
    void aGreedyCompletionIsWhatTheModelWritesInProcess() {
        HttpResponse<String> r = api.post("/v1/completions", key, body("model", "tiny-model", "prompt", PROMPT, "max_tokens", 8, "temperature", 0));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode out = ApiFixture.json(r);
        Completion local = model().complete(CompletionRequest.greedy(PROMPT, 8));
        assertThat(out.get("object").asText()).isEqualTo("text_completion");
        assertThat(out.get("id").asText()).startsWith("cmpl-");
        assertThat(out.at("/choices/0/text").asText()).isEqualTo(local.text());
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo(local.finishReason().openAi());
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(model().promptTokens(PROMPT));
        assertThat(out.at("/usage/completion_tokens").asInt()).isEqualTo(local.completionTokens());
        assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(model().promptTokens(PROMPT) + local.completionTokens());
    }

    @Test
    void manyPromptsAndSeveralChoicesComeInOrder() {
        List<String> prompts = List.of(PROMPT, "The answer is", "Ann flips the coin.");
        HttpResponse<String> r = api.post("/v1/completions", key, body("model", "tiny-model", "prompt", prompts, "max_tokens", 5,
                "temperature", 0, "n", 2));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choices = ApiFixture.json(r).get("choices");
        assertThat(choices).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(choices.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(choices.get(i).get("text").asText()).as("choice %d", i)
                    .isEqualTo(model().complete(CompletionRequest.greedy(prompts.get(i / 2), 5)).text());
        }
    }

    @Test
    void aSeedMakesASampledAnswerRepeat() {
        Map<String, Object> request = body("model", "tiny-model", "prompt", PROMPT, "max_tokens", 12, "temperature", 1.5, "seed", 7);
        String first = ApiFixture.json(api.post("/v1/completions", key, request)).at("/choices/0/text").asText();
        assertThat(ApiFixture.json(api.post("/v1/completions", key, request)).at("/choices/0/text").asText()).isEqualTo(first);
    }

    @Test
    void aChatIsTheModelsTemplateContinuedUntilTheTurnEnds() {
        List<ChatTemplate.Message> messages = List.of(new ChatTemplate.Message("system", "Answer yes or no."),
                new ChatTemplate.Message("user", "A coin is heads up. Ann flips the coin. Is the coin still heads up?"));
        HttpResponse<String> r = api.post("/v1/chat/completions", key, body("model", "tiny-model", "max_tokens", 10, "temperature", 0,
                "messages", List.of(Map.of("role", "system", "content", "Answer yes or no."),
                        Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "A coin is heads up. Ann flips the coin. "),
                                Map.of("type", "text", "text", "Is the coin still heads up?"))))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode out = ApiFixture.json(r);
        Completion local = model().complete(new CompletionRequest(chatPrompt(messages), 10, 0, List.of("\n\n")));
        assertThat(out.get("object").asText()).isEqualTo("chat.completion");
        assertThat(out.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo(local.text());
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(model().promptTokens(chatPrompt(messages)));
    }

    @Test
    void aStreamedChatAddsUpToTheWholeAnswer() {
        Map<String, Object> request = body("model", "tiny-model", "max_tokens", 24, "temperature", 0,
                "messages", List.of(Map.of("role", "user", "content", "Ann flips the coin.")));
        String whole = ApiFixture.json(api.post("/v1/chat/completions", key, request)).at("/choices/0/message/content").asText();
        request.put("stream", true);
        request.put("stream_options", Map.of("include_usage", true));
        HttpResponse<String> r = api.post("/v1/chat/completions", key, request);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = events(r.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(ApiRoutesTest::parse).toList();
        assertThat(chunks).allSatisfy(c -> assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.stream().map(c -> c.get("id").asText()).distinct()).hasSize(1);
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks) if (c.at("/choices/0/delta/content").isTextual()) text.append(c.at("/choices/0/delta/content").asText());
        assertThat(text.toString()).isEqualTo(whole);
        JsonNode last = chunks.get(chunks.size() - 2);
        assertThat(last.at("/choices/0/finish_reason").asText()).isIn("stop", "length");
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(chunks.size()).as("pieces as they come, not one block").isGreaterThan(4);
    }

    @Test
    void aStreamNeverShowsTheStopStringItEndsBefore() {
        // greedy text of the tiny model, then a stop string taken from its middle: the stream must end before it
        String whole = model().complete(CompletionRequest.greedy(PROMPT, 30)).text();
        assertThat(whole.length()).as("the tiny model writes enough to cut").isGreaterThan(8);
        String stop = whole.substring(whole.length() / 2, whole.length() / 2 + 3);
        HttpResponse<String> r = api.post("/v1/completions", key, body("model", "tiny-model", "prompt", PROMPT, "max_tokens", 30,
                "temperature", 0, "stop", stop, "stream", true));
        StringBuilder text = new StringBuilder();
        List<String> events = events(r.body());
        for (String e : events.subList(0, events.size() - 1)) text.append(parse(e).at("/choices/0/text").asText());
        assertThat(text.toString()).isEqualTo(whole.substring(0, whole.indexOf(stop))).doesNotContain(stop);
    }

    @Test
    void embeddingsAreTheSentenceEncodersAsFloatsOrBase64() {
        List<String> texts = List.of("A man is eating food.", "A man is eating a piece of bread.");
        JsonNode floats = ApiFixture.json(api.post("/v1/embeddings", key, body("model", SentenceEncoder.NAME, "input", texts)));
        JsonNode packed = ApiFixture.json(api.post("/v1/embeddings", key, body("model", SentenceEncoder.NAME, "input", texts,
                "encoding_format", "base64")));
        try (SentenceEncoder encoder = SentenceEncoder.load(1)) {
            List<float[]> expected = encoder.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                JsonNode v = floats.at("/data/" + i + "/embedding");
                assertThat(v).hasSize(SentenceEncoder.DIMENSION);
                FloatBufferCheck.close(v, expected.get(i));
                ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(packed.at("/data/" + i + "/embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
                float[] decoded = new float[SentenceEncoder.DIMENSION];
                b.asFloatBuffer().get(decoded);
                assertThat(decoded).containsExactly(expected.get(i), org.assertj.core.data.Offset.offset(1e-6f));
            }
            int tokens = texts.stream().mapToInt(t -> encoder.tokenize(t).length()).sum();
            assertThat(floats.at("/usage/prompt_tokens").asInt()).isEqualTo(tokens);
        }
        assertThat(floats.get("model").asText()).isEqualTo(SentenceEncoder.NAME);
    }

    /** Float lists from JSON against the encoder's vector. */
    static final class FloatBufferCheck {
        static void close(JsonNode v, float[] expected) {
            for (int k = 0; k < expected.length; k++) assertThat(v.get(k).floatValue()).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void aFullLineIsAnsweredWith429AndRetryAfter() throws Exception {
        model().complete(CompletionRequest.greedy(PROMPT, 1)); // loaded before the race below
        // work on the model holds the only place in line until the request has its answer
        CountDownLatch answered = new CountDownLatch(1);
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> model().withModel((m, t) -> {
            try {
                return answered.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (model().inLine() == 0 && !holder.isDone() && System.nanoTime() < until) Thread.sleep(1);
        HttpResponse<String> r = api.post("/v1/completions", key, body("model", "tiny-model", "prompt", PROMPT, "max_tokens", 4));
        answered.countDown();
        assertThat(holder.get(60, TimeUnit.SECONDS)).as("the holder held the line until the answer").isTrue();
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertError(r, 429, "rate_limit_error", null, "model_busy");
    }

    @Test
    void aKeyBeyondItsRequestsPerMinuteIsAnswered429UntilTheMinuteEnds() {
        for (int tries = 0; tries < 3; tries++) {
            String fresh = api.key();
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 61; i++) statuses.add(api.get("/v1/models", fresh).statusCode());
            HttpResponse<String> over = api.get("/v1/models", fresh);
            if (!Instant.now().truncatedTo(ChronoUnit.MINUTES).equals(minute)) continue; // the count began again: once more
            assertThat(statuses.subList(0, 60)).containsOnly(200);
            assertThat(statuses.get(60)).isEqualTo(429);
            assertError(over, 429, "rate_limit_error", null, "rate_limit_exceeded");
            long retry = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retry).isBetween(1L, 61L);
            assertThat(api.get("/v1/models", key).statusCode()).as("another key is not limited").isEqualTo(200);
            return;
        }
        throw new AssertionError("every try crossed a minute boundary");
    }

    @Test
    void keysNotSessionsOpenTheApi() {
        TestClient ada = api.student();
        String adaKey = ada.apiKey("revoke me");
        assertError(api.get("/v1/models", null), 401, "invalid_request_error", null, "missing_api_key");
        assertError(api.get("/v1/models", "nlulab-" + "x".repeat(43)), 401, "invalid_request_error", null, "invalid_api_key");
        // the browser's session is never accepted at /v1, and no CSRF token is needed with a key
        HttpResponse<String> withCookie = ada.send(HttpRequest.newBuilder(URI.create(api.server.url("/v1/models")))
                .header("Cookie", "nlulab_session=" + ada.cookie("nlulab_session")).GET().build());
        assertError(withCookie, 401, "invalid_request_error", null, "missing_api_key");
        assertThat(api.get("/v1/models", adaKey).statusCode()).isEqualTo(200);
        // revoked on the page: refused from then on
        String page = ada.get("/account/api-keys").body();
        String id = page.replaceAll("(?s).*action=\"/account/api-keys/(\\d+)/revoke\".*", "$1");
        assertThat(ada.post("/account/api-keys/" + id + "/revoke", Map.of()).statusCode()).isEqualTo(302);
        assertError(api.get("/v1/models", adaKey), 401, "invalid_request_error", null, "invalid_api_key");
    }

    @Test
    void badRequestsAreOpenAiShaped4xxNever500() {
        String m = "tiny-model";
        assertError(api.post("/v1/completions", key, "{\"model\": \"tiny-model\", \"prompt\": "), 400, "invalid_request_error", null, "invalid_json");
        assertError(api.post("/v1/completions", key, "[1, 2]"), 400, "invalid_request_error", null, "invalid_json");
        assertError(api.post("/v1/completions", key, ""), 400, "invalid_request_error", null, "invalid_json");
        assertError(api.post("/v1/completions", key, body("model", "gpt-4o", "prompt", "hi")), 404, "invalid_request_error", "model", "model_not_found");
        assertError(api.post("/v1/completions", key, body("prompt", "hi")), 400, "invalid_request_error", "model", "missing_required_parameter");
        assertError(api.post("/v1/completions", key, body("model", m)), 400, "invalid_request_error", "prompt", "missing_required_parameter");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", List.of(1, 2, 3))), 400, "invalid_request_error", "prompt[0]", "unsupported_value");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "max_tokens", 0)), 400, "invalid_request_error", "max_tokens", "integer_below_min_value");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "max_tokens", 100_000)), 400, "invalid_request_error", "max_tokens", "integer_above_max_value");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "max_tokens", "ten")), 400, "invalid_request_error", "max_tokens", "invalid_type");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "temperature", 3)), 400, "invalid_request_error", "temperature", "invalid_value");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "stop", List.of("a", "b", "c", "d", "e"))), 400, "invalid_request_error", "stop", "array_above_max_length");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "temprature", 0)), 400, "invalid_request_error", "temprature", "unknown_parameter");
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "logprobs", 5)), 400, "invalid_request_error", "logprobs", "unsupported_parameter");
        assertThat(api.post("/v1/completions", key, body("model", m, "prompt", "hi", "max_tokens", 1, "presence_penalty", 0.0, "logit_bias", Map.of(),
                "user", "ada")).statusCode()).as("neutral values of unsupported parameters are fine").isEqualTo(200);
        assertError(api.post("/v1/completions", key, body("model", m, "prompt", "x".repeat(32_001))), 400, "invalid_request_error", "prompt", "context_length_exceeded");
        HttpResponse<String> window = api.post("/v1/completions", key, body("model", m, "prompt", "Ann flips the coin. ".repeat(390), "max_tokens", 8));
        assertError(window, 400, "invalid_request_error", "prompt", "context_length_exceeded");
        assertThat(ApiFixture.json(window).at("/error/message").asText()).contains("does not fit the model's 1024-token context window");
        assertError(api.post("/v1/chat/completions", key, body("model", m, "messages", List.of())), 400, "invalid_request_error", "messages", "invalid_type");
        assertError(api.post("/v1/chat/completions", key, body("model", m, "messages", List.of(Map.of("role", "robot", "content", "hi")))), 400,
                "invalid_request_error", "messages[0].role", "invalid_value");
        assertError(api.post("/v1/chat/completions", key, body("model", m, "messages", List.of(Map.of("role", "user",
                "content", List.of(Map.of("type", "image_url", "image_url", Map.of("url", "x"))))))), 400, "invalid_request_error", "messages[0].content[0]", "unsupported_value");
        assertError(api.post("/v1/chat/completions", key, body("model", m, "messages", List.of(Map.of("role", "user", "content", "hi")),
                "tools", List.of(Map.of("type", "function")))), 400, "invalid_request_error", "tools", "unsupported_parameter");
        assertError(api.post("/v1/chat/completions", key, body("model", m, "messages", List.of(Map.of("role", "user", "content", "hi")),
                "stream", true, "n", 2)), 400, "invalid_request_error", "n", "unsupported_value");
        assertError(api.post("/v1/embeddings", key, body("model", m, "input", "hi")), 404, "invalid_request_error", "model", "model_not_found");
        assertError(api.post("/v1/embeddings", key, body("model", SentenceEncoder.NAME, "input", List.of())), 400, "invalid_request_error", "input", "invalid_value");
        assertError(api.get("/v1/engines", key), 404, "invalid_request_error", null, null);
        assertError(api.get("/v1/completions", key), 404, "invalid_request_error", null, null);
        assertError(api.send(HttpRequest.newBuilder(URI.create(api.server.url("/v1/models"))).header("Authorization", "Bearer " + key)
                .DELETE().build()), 404, "invalid_request_error", null, null);
    }

    @Test
    void anApiThatIsNotSetUpSaysSoInItsOwnShape() {
        try (TestServer fresh = TestServer.start()) {
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(fresh.url("/v1/models"))).GET().build());
            assertError(r, 503, "server_error", null, null);
            assertThat(ApiFixture.json(r).at("/error/message").asText()).contains("not set up");
        }
    }

    static void assertError(HttpResponse<String> r, int status, String type, String param, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = ApiFixture.json(r).get("error");
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.get("message").asText()).as(r.body()).isNotBlank();
        assertThat(error.get("type").asText()).as(r.body()).isEqualTo(type);
        assertThat(error.get("param").isNull() ? null : error.get("param").asText()).as(r.body()).isEqualTo(param);
        if (code != null) assertThat(error.get("code").asText()).as(r.body()).isEqualTo(code);
    }

    static List<String> events(String body) {
        List<String> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            assertThat(block).startsWith("data: ");
            out.add(block.substring("data: ".length()));
        }
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return ApiFixture.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json);
        }
    }
}
