package dev.nlulab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.accounts.ApiKeys;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.config.Settings;
import dev.nlulab.encoder.EncoderBench;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.SharedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code bench api}: the /v1 API on a running platform (in-memory H2, the model at --model) against the
 * same work done in process: a completion's median latency both ways (the overhead of HTTP, the key
 * check and JSON), many prompts at once as one /v1 request against one at a time, and embeddings per
 * second through /v1 against the encoder called directly. Requests alternate between the two ways, so
 * a change in the machine's load touches both alike.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Measure the /v1 API: overhead over the in-process call, batched generation tokens/s, embeddings/s.")
public final class ApiBenchCommand implements Callable<Integer> {
    static final String PROMPT = "Q: A coin is heads up. Ann flips the coin. Bob does not flip the coin. Is the coin still heads up?\nA:"
            + " Let's think step by step.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", description = "model folder (default ${DEFAULT-VALUE})")
    Path model = CourseModel.DEFAULT_DIR;

    @Option(names = "--requests", description = "timed requests each way (default ${DEFAULT-VALUE})")
    int requests = 15;

    @Option(names = "--new-tokens", description = "new tokens per completion (default ${DEFAULT-VALUE})")
    int newTokens = 48;

    @Option(names = "--batch", description = "prompts in the batched rows (default ${DEFAULT-VALUE})")
    int batch = 32;

    @Option(names = "--threads", description = "PyTorch threads, as the server's model.threads (default ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(names = "--out", description = "also append the table to this Markdown file")
    Path out;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Integer call() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        CourseModel.require(model);
        Path data = Files.createTempDirectory("nlulab-bench-api");
        Settings settings = Settings.of(Map.of("port", "0", "data.dir", data.toString(), "model.dir", model.toAbsolutePath().toString(),
                "db.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "api.requests.per.minute", "1000000", "model.batch", String.valueOf(batch), "model.queue", "4"));
        List<String> lines = new ArrayList<>();
        lines.add("Machine: " + MlBenchCommand.cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores; load average at start: "
                + MlBenchCommand.loadAverage() + "; PyTorch threads " + threads);
        lines.add("");
        lines.add("| measure | value |");
        lines.add("|---|---|");
        try (Platform platform = Platform.start(settings)) {
            User user = platform.accounts().createUser("timer@nlulab.invalid", "Bench", "pw-" + UUID.randomUUID(), Role.STUDENT);
            String key = new ApiKeys(platform.db().jdbi(), Clock.systemUTC()).create(user, "bench").secret();
            String base = "http://127.0.0.1:" + platform.web().port() + "/v1";
            SharedModel shared = platform.model();
            String id = shared.model();
            CompletionRequest one = CompletionRequest.greedy(PROMPT, newTokens);
            String body = JSON.writeValueAsString(Map.of("model", id, "prompt", PROMPT, "max_tokens", newTokens, "temperature", 0));

            // one completion: in process and through /v1, alternating, after a warm-up of each
            Completion local = shared.complete(one);
            JsonNode remote = post(base + "/completions", key, body);
            if (!remote.at("/choices/0/text").asText().equals(local.text())) throw new IllegalStateException("/v1 and the model disagree");
            List<Double> inProcess = new ArrayList<>(), viaApi = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                shared.complete(one);
                inProcess.add((System.nanoTime() - t) / 1e6);
                t = System.nanoTime();
                post(base + "/completions", key, body);
                viaApi.add((System.nanoTime() - t) / 1e6);
            }
            double a = median(inProcess), b = median(viaApi);
            lines.add(String.format("| one completion (%d new tokens, %d generated), in process | %.1f ms median of %d |", newTokens,
                    local.completionTokens(), a, requests));
            lines.add(String.format("| the same through /v1/completions (HTTP, key check, JSON) | %.1f ms median; overhead %+.1f ms (%+.1f%%) |",
                    b, b - a, 100 * (b - a) / a));

            // many prompts: one at a time against one batched /v1 request
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < batch; i++) prompts.add(PROMPT.replace("Ann", List.of("Ann", "Bob", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hal").get(i % 8)));
            List<CompletionRequest> many = prompts.stream().map(p -> CompletionRequest.greedy(p, newTokens)).toList();
            long t = System.nanoTime();
            long tokens = 0;
            for (CompletionRequest r : many) tokens += shared.complete(r).completionTokens();
            double sequential = tokens / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            long batched = shared.completeAll(many).stream().mapToLong(Completion::completionTokens).sum();
            double inBatches = batched / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            JsonNode list = post(base + "/completions", key, JSON.writeValueAsString(Map.of("model", id, "prompt", prompts,
                    "max_tokens", newTokens, "temperature", 0)));
            double apiBatched = list.at("/usage/completion_tokens").asLong() / ((System.nanoTime() - t) / 1e9);
            lines.add(String.format("| %d prompts one at a time, in process | %.0f tokens/s |", batch, sequential));
            lines.add(String.format("| the same %d in batches of %d (completeAll), in process | %.0f tokens/s aggregate (%.1fx) |", batch,
                    batch, inBatches, inBatches / sequential));
            lines.add(String.format("| the same %d as one /v1/completions request (prompt list) | %.0f tokens/s aggregate (%.1fx) |", batch,
                    apiBatched, apiBatched / sequential));

            // embeddings: /v1 in requests of 32 texts against the encoder called directly
            List<String> texts = EncoderBench.sentences(512, new Random(7));
            post(base + "/embeddings", key, JSON.writeValueAsString(Map.of("model", SentenceEncoder.NAME, "input", texts.subList(0, 32))));
            t = System.nanoTime();
            for (int i = 0; i < texts.size(); i += 32) {
                post(base + "/embeddings", key, JSON.writeValueAsString(Map.of("model", SentenceEncoder.NAME, "input", texts.subList(i, i + 32),
                        "encoding_format", "base64")));
            }
            double viaApiPerSecond = texts.size() / ((System.nanoTime() - t) / 1e9);
            double directPerSecond;
            try (SentenceEncoder encoder = SentenceEncoder.load(settings.getInt("encoder.threads"))) {
                encoder.embed(texts.subList(0, 64));
                t = System.nanoTime();
                for (int i = 0; i < texts.size(); i += 32) encoder.embed(texts.subList(i, i + 32));
                directPerSecond = texts.size() / ((System.nanoTime() - t) / 1e9);
            }
            lines.add(String.format("| embeddings, %d sentences in requests of 32, through /v1/embeddings (base64) | %.0f sentences/s |",
                    texts.size(), viaApiPerSecond));
            lines.add(String.format("| the same with the encoder called directly | %.0f sentences/s |", directPerSecond));
        }
        lines.forEach(System.out::println);
        if (out != null) Files.writeString(out, String.join("\n", lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return 0;
    }

    private JsonNode post(String url, String key, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
