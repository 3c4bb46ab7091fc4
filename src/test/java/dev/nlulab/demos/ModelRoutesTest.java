package dev.nlulab.demos;

import dev.nlulab.identity.Role;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The model page over HTTP, on a tiny random model written to a folder as the server would find one. */
class ModelRoutesTest {
    static {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    static final String PROMPT = TinyModels.PROMPT;
    static TestServer server;
    static TestClient student;
    static int students;

    @BeforeAll
    static void start(@TempDir Path dir) {
        TinyModels.writeWithTokenizer(dir);
        // One request at a time and no waiting, so a second concurrent request is turned away.
        server = TestServer.start(Map.of("model.dir", dir.toString(), "model.queue", "1", "model.wait.seconds", "0",
                "model.max.tokens", "900"), List.of());
        server.user("first@uni.edu", Role.ADMIN);
        student = student();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestClient student() {
        return server.signedIn("student" + (++students) + "@uni.edu", Role.STUDENT);
    }

    static HttpResponse<String> ask(TestClient c, String prompt, String maxTokens, String temperature) {
        c.get("/model");
        return c.post("/model", Map.of("prompt", prompt, "max_tokens", maxTokens, "temperature", temperature));
    }

    static HttpResponse<String> askJson(TestClient c, String prompt, String maxTokens) {
        c.get("/model");
        String body = "prompt=" + java.net.URLEncoder.encode(prompt, java.nio.charset.StandardCharsets.UTF_8) + "&max_tokens=" + maxTokens
                + "&temperature=0";
        return c.send(HttpRequest.newBuilder(URI.create(server.url("/model"))).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", c.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void thePageOffersExamplePromptsOfDevQuestionsAndSaysTheModelIsReady() {
        HttpResponse<String> r = student.get("/model");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Try a prompt").contains("Let&#39;s think step by step.").contains("few-shot-CoT")
                .doesNotContain("class=\"error\"");
        HttpResponse<String> example = student.get("/model?example=lastletters-zero-shot");
        assertThat(example.body()).contains("The answer is</textarea>");
    }

    @Test
    void aPromptIsContinuedByTheSharedModelAndShownEscaped() {
        HttpResponse<String> r = ask(student, "<b>" + PROMPT, "8", "0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("class=\"completion-text\"").contains("&lt;b&gt;Q: A coin").contains("tokens in");
        assertThat(server.platform.model().status().loaded()).isTrue();
    }

    @Test
    void greedyAnswersAreTheSameTwiceAndComeAsJsonToAFetch() {
        HttpResponse<String> a = askJson(student, PROMPT, "6");
        HttpResponse<String> b = askJson(student, PROMPT, "6");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.headers().firstValue("Content-Type").orElse("")).contains("application/json");
        assertThat(a.body()).contains("\"text\"").contains("\"finish_reason\"").contains("\"tokens\"");
        assertThat(a.body().replaceAll("\"millis\":\\d+", "")).isEqualTo(b.body().replaceAll("\"millis\":\\d+", ""));
    }

    @Test
    void badFormsAreRefusedWithWhatWasWrong() {
        assertThat(ask(student, " ", "8", "0").body()).contains("Write a prompt");
        HttpResponse<String> zero = ask(student, PROMPT, "0", "0");
        assertThat(zero.statusCode()).isEqualTo(422);
        assertThat(zero.body()).contains("max_tokens must be from 1 to 900, not 0.");
        assertThat(ask(student, PROMPT, "8", "hot").body()).contains("temperature must be a number from 0 to 2.");
        assertThat(ask(student, "x".repeat(ModelRoutes.MAX_PROMPT_CHARS + 1), "8", "0").body())
                .contains("The prompt is 8001 characters; at most 8000.");
    }

    @Test
    void aPromptLongerThanTheContextWindowIsRefusedBeforeItRuns() {
        String longPrompt = "Ann flips the coin. ".repeat(390); // ~7,800 characters, more tokens than the 1,024-token window
        HttpResponse<String> r = ask(student, longPrompt, "8", "0");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).containsPattern("the prompt is \\d+ tokens; with 8 new tokens it does not fit the model&#39;s 1024-token context window");
    }

    @Test
    void aRequestBeyondTheLineIsTurnedAwayWith429AndRetryAfter() throws Exception {
        SharedModel model = server.platform.model();
        model.complete(CompletionRequest.greedy(PROMPT, 1)); // loaded before the race below
        // Work on the model holds the only place in line until the other request has its answer (a long
        // generation does not: the tiny model decodes 900 tokens in a blink).
        CountDownLatch answered = new CountDownLatch(1);
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> model.withModel((m, t) -> awaitQuietly(answered)));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (model.inLine() == 0 && !holder.isDone() && System.nanoTime() < until) Thread.sleep(1);
        TestClient other = student();
        HttpResponse<String> r = askJson(other, PROMPT, "4");
        answered.countDown();
        assertThat(holder.get(60, TimeUnit.SECONDS)).as("the holder held the line until the answer").isTrue();
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(r.body()).contains("busy");
        assertThat(askJson(other, PROMPT, "4").statusCode()).as("served once the line is free").isEqualTo(200);
    }

    @Test
    void aStudentWithARequestInLineMayNotQueueASecond() throws Exception {
        TestClient bob = student();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> askJson(bob, PROMPT, "900"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.platform.model().inLine() == 0 && !first.isDone() && System.nanoTime() < until) Thread.sleep(1);
        HttpResponse<String> second = askJson(bob, PROMPT, "4");
        assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).contains("You already have a request running on the model");
    }

    @Test
    void withoutATokenThePostIsForbidden() {
        student.get("/model");
        assertThat(student.postRaw("/model", Map.of("prompt", PROMPT, "max_tokens", "4", "temperature", "0")).statusCode()).isEqualTo(403);
    }

    @Test
    void aFolderWithoutAModelIsReportedToInstructorsWithTheCommandAndToStudentsPlainly(@TempDir Path empty) throws Exception {
        Files.createDirectories(empty);
        try (TestServer bare = TestServer.start(Map.of("model.dir", empty.toString()), List.of())) {
            bare.user("first@uni.edu", Role.ADMIN);
            TestClient prof = bare.signedIn("prof@uni.edu", Role.INSTRUCTOR);
            assertThat(prof.get("/model").body()).contains("no course model at").contains("bin/nlulab model pretrain");
            TestClient ada = bare.signedIn("ada@uni.edu", Role.STUDENT);
            assertThat(ada.get("/model").body()).contains("not available on this server yet").doesNotContain(empty.toString());
            ada.get("/model");
            HttpResponse<String> r = ada.post("/model", Map.of("prompt", PROMPT, "max_tokens", "4", "temperature", "0"));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("not available on this server yet");
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
