package dev.nlulab.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.prompting.ChatTemplate;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.SharedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official openai npm client, which no one here wrote, against the platform's /v1
 * (src/test/node/openai-client/README.md): what it gets equals what the model writes in process, and
 * its errors are the ones OpenAI's own API would give it.
 */
class OpenAiClientTest {
    static {
        TinyModels.init();
    }

    static final Path CLIENT = Path.of("src/test/node/openai-client");
    static final String QUESTION = "A coin is heads up. Ann flips the coin. Is the coin still heads up?";

    @Test
    void theOfficialClientUsesEveryEndpointAndSeesOpenAisErrors(@TempDir Path dir) throws Exception {
        Path modules = installedClient();
        try (ApiFixture api = new ApiFixture(dir.resolve("tiny-model"), Map.of("model.queue", "1", "model.wait.seconds", "0"))) {
            String key = api.key();
            JsonNode got = run(modules, api, key, "all");
            SharedModel model = api.server.platform.model();

            assertThat(List.of(got.get("models").get(0).asText(), got.get("models").get(1).asText())).containsExactly("tiny-model", SentenceEncoder.NAME);

            Completion completion = model.complete(CompletionRequest.greedy("Q: " + QUESTION + "\nA:", 8));
            assertThat(got.at("/completion/text").asText()).isEqualTo(completion.text());
            assertThat(got.at("/completion/finish").asText()).isEqualTo(completion.finishReason().openAi());
            assertThat(got.at("/completion/usage/completion_tokens").asInt()).isEqualTo(completion.completionTokens());

            String chatPrompt = ChatTemplate.of(api.modelDir).orElseThrow().render(List.of(new ChatTemplate.Message("user", QUESTION)), true);
            Completion chat = model.complete(new CompletionRequest(chatPrompt, 12, 0, List.of("\n\n")));
            assertThat(got.at("/chat/role").asText()).isEqualTo("assistant");
            assertThat(got.at("/chat/content").asText()).isEqualTo(chat.text());
            assertThat(got.at("/stream/text").asText()).isEqualTo(chat.text());
            assertThat(got.at("/stream/chunks").asInt()).as("a role chunk, pieces, a finish chunk").isGreaterThanOrEqualTo(3);
            assertThat(got.at("/stream/finish").asText()).isEqualTo(chat.finishReason().openAi());

            try (SentenceEncoder encoder = SentenceEncoder.load(1)) {
                List<float[]> expected = encoder.embed(List.of("A man is eating food.", "The girl is carrying a baby."));
                for (int i = 0; i < 2; i++) {
                    JsonNode v = got.at("/embeddings/" + i);
                    assertThat(v).hasSize(SentenceEncoder.DIMENSION);
                    for (int k = 0; k < SentenceEncoder.DIMENSION; k++) assertThat(v.get(k).floatValue()).isEqualTo(expected.get(i)[k]);
                }
            }

            assertThat(got.at("/badKey/class").asText()).isEqualTo("AuthenticationError");
            assertThat(got.at("/badKey/status").asInt()).isEqualTo(401);
            assertThat(got.at("/badKey/code").asText()).isEqualTo("invalid_api_key");
            assertThat(got.at("/unknownModel/class").asText()).isEqualTo("NotFoundError");
            assertThat(got.at("/unknownModel/code").asText()).isEqualTo("model_not_found");
            assertThat(got.at("/badMaxTokens/class").asText()).isEqualTo("BadRequestError");
            assertThat(got.at("/badMaxTokens/message").asText()).contains("max_tokens");

            // a full queue: work on the model holds the only place in line until the client has its answer
            CountDownLatch answered = new CountDownLatch(1);
            CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> model.withModel((m, t) -> {
                try {
                    return answered.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
            while (model.inLine() == 0 && !holder.isDone()) Thread.sleep(1);
            JsonNode busy = run(modules, api, key, "busy");
            answered.countDown();
            assertThat(holder.get(120, TimeUnit.SECONDS)).as("the holder held the line until the answer").isTrue();
            assertThat(busy.at("/busy/class").asText()).isEqualTo("RateLimitError");
            assertThat(busy.at("/busy/status").asInt()).isEqualTo(429);
            assertThat(busy.at("/busy/retryAfter").asText()).isEqualTo("5");
            assertThat(busy.at("/busy/code").asText()).isEqualTo("model_busy");
        }
    }

    /** The folder holding node_modules/openai: bin/test's, or installed now by the same script. */
    static Path installedClient() throws IOException, InterruptedException {
        String given = System.getProperty("nlulab.test.openai.client", "");
        if (!given.isBlank()) return Path.of(given);
        Process p = new ProcessBuilder("bash", CLIENT.resolve("install.sh").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IllegalStateException("could not install the openai client with " + CLIENT.resolve("install.sh"));
        return Path.of(out);
    }

    static JsonNode run(Path modules, ApiFixture api, String key, String what) throws IOException, InterruptedException {
        Path script = modules.resolve("client.mjs"); // next to its node_modules, so that the import finds the package
        Files.copy(CLIENT.resolve("client.mjs"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), api.server.url("/v1"), api.model(), what)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("NLULAB_API_KEY", key);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("the openai client failed: " + out);
        return ApiFixture.JSON.readTree(out);
    }
}
