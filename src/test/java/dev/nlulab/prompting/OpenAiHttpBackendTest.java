package dev.nlulab.prompting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP backend against servers that misbehave in the ways a department's server can: failing with
 * 5xx for a while, answering in a date's Retry-After, never answering, answering something that is not
 * a completion. Each is a real HTTP server on a loopback port (the JDK's), scripted per request; the
 * well-behaved server is the platform's own /v1 (HttpBackendEndToEndTest).
 */
class OpenAiHttpBackendTest {
    static final String OK = "{\"choices\": [{\"text\": \" four\", \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 1}}";

    private HttpServer server;
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

    /** A server whose n-th request (from 0) is answered by {@code answer}: status, Retry-After (or null), body. */
    private URI serve(Function<Integer, String[]> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        AtomicInteger count = new AtomicInteger();
        server.createContext("/v1/completions", exchange -> {
            arrivals.add(System.nanoTime());
            String[] a = answer.apply(count.getAndIncrement());
            reply(exchange, Integer.parseInt(a[0]), a[1], a[2]);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private static void reply(HttpExchange exchange, int status, String retryAfter, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (retryAfter != null) exchange.getResponseHeaders().add("Retry-After", retryAfter);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    static OpenAiHttpBackend backend(URI base, int retries, Duration timeout, int concurrency) {
        return new OpenAiHttpBackend(new OpenAiHttpBackend.Config(base, "secret-key", "m", Duration.ofSeconds(1), timeout, retries,
                Duration.ofMillis(100), Duration.ofSeconds(3), concurrency, null));
    }

    @Test
    void serverErrorsAreTriedAgainWithAGrowingBackoff() throws Exception {
        URI base = serve(n -> n < 3 ? new String[] {"503", null, "{\"error\": {\"message\": \"warming up\"}}"} : new String[] {"200", null, OK});
        try (OpenAiHttpBackend http = backend(base, 3, Duration.ofSeconds(5), 1)) {
            Completion c = http.complete(CompletionRequest.greedy("2 + 2 =", 3));
            assertThat(c.text()).isEqualTo(" four");
            assertThat(c.promptTokens()).isEqualTo(5);
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        }
        assertThat(arrivals).hasSize(4);
        double first = (arrivals.get(1) - arrivals.get(0)) / 1e6, second = (arrivals.get(2) - arrivals.get(1)) / 1e6,
                third = (arrivals.get(3) - arrivals.get(2)) / 1e6;
        assertThat(first).as("ms before the 2nd try").isGreaterThanOrEqualTo(100);
        assertThat(second).as("ms before the 3rd try").isGreaterThanOrEqualTo(200);
        assertThat(third).as("ms before the 4th try").isGreaterThanOrEqualTo(400);
    }

    @Test
    void aServerThatKeepsFailingEndsInAClearError() throws Exception {
        URI base = serve(n -> new String[] {"500", null, "<html>Internal Server Error</html>"});
        try (OpenAiHttpBackend http = backend(base, 2, Duration.ofSeconds(5), 1)) {
            assertThatThrownBy(() -> http.complete(CompletionRequest.greedy("2 + 2 =", 3))).isInstanceOf(LlmBackend.Unavailable.class)
                    .hasMessage("the LLM server at " + base + " failed 3 times; last it answered 500: <html>Internal Server Error</html>");
        }
    }

    @Test
    void aRetryAfterGivenAsADateIsHonoured() throws Exception {
        // HTTP dates have whole seconds: two seconds ahead is at least one second of waiting
        URI base = serve(n -> n == 0 ? new String[] {"429", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2)), "{}"} : new String[] {"200", null, OK});
        try (OpenAiHttpBackend http = backend(base, 2, Duration.ofSeconds(5), 1)) {
            assertThat(http.complete(CompletionRequest.greedy("2 + 2 =", 3)).text()).isEqualTo(" four");
        }
        assertThat((arrivals.get(1) - arrivals.get(0)) / 1e9).as("seconds waited").isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpOnAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(silent.accept()); // reads nothing, answers nothing
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v1");
            long start = System.nanoTime();
            try (OpenAiHttpBackend http = backend(base, 1, Duration.ofMillis(700), 1)) {
                assertThatThrownBy(() -> http.complete(CompletionRequest.greedy("2 + 2 =", 3))).isInstanceOf(LlmBackend.Unavailable.class)
                        .hasMessageEndingWith("failed 2 times; last it did not answer within 0.7 s");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(5));
            for (Socket s : held) s.close();
        }
    }

    @Test
    void atMostConcurrencyRequestsAreInFlight() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        URI base = serve(n -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            return new String[] {"200", null, OK};
        });
        try (OpenAiHttpBackend http = backend(base, 0, Duration.ofSeconds(5), 3)) {
            List<CompletionRequest> many = new ArrayList<>();
            for (int i = 0; i < 12; i++) many.add(CompletionRequest.greedy("prompt " + i, 3));
            assertThat(http.completeAll(many)).hasSize(12).allSatisfy(c -> assertThat(c.text()).isEqualTo(" four"));
        }
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void anAnswerThatIsNotACompletionSaysSo() throws Exception {
        URI base = serve(n -> new String[] {"200", null, "{\"object\": \"list\", \"data\": []}"});
        try (OpenAiHttpBackend http = backend(base, 0, Duration.ofSeconds(5), 1)) {
            assertThatThrownBy(() -> http.complete(CompletionRequest.greedy("2 + 2 =", 3))).isInstanceOf(LlmBackend.Unavailable.class)
                    .hasMessage("the LLM server's answer has no choices[0].text: {\"object\": \"list\", \"data\": []}");
        }
    }

    @Test
    void anAnswerIsKeptWhenTheCacheCannotBeWritten(@TempDir Path dir) throws Exception {
        URI base = serve(n -> new String[] {"200", null, OK});
        Path notAFolder = Files.writeString(dir.resolve("cache"), "a file where the cache's folder should be");
        try (OpenAiHttpBackend http = new OpenAiHttpBackend(new OpenAiHttpBackend.Config(base, "secret-key", "m", Duration.ofSeconds(1),
                Duration.ofSeconds(5), 0, Duration.ofMillis(100), Duration.ofSeconds(3), 1, notAFolder))) {
            assertThat(http.complete(CompletionRequest.greedy("2 + 2 =", 3)).text()).as("the answer paid for").isEqualTo(" four");
            assertThat(http.complete(CompletionRequest.greedy("2 + 2 =", 3)).text()).isEqualTo(" four");
        }
        assertThat(arrivals).as("nothing cached: asked again").hasSize(2);
    }
}
