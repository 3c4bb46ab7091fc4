package dev.nlulab.prompting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.CourseModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process backend on a tiny random model: capacity, waiting, caps, a missing model; many prompts
 * at once and text as it is written, with the same answers as one request alone.
 */
class ModelServiceTest {
    static {
        TinyModels.init();
    }

    static final String PROMPT = TinyModels.PROMPT;
    static NDManager root;
    static LlamaModel model;
    static Tokenizer tokenizer;

    @BeforeAll
    static void load(@TempDir Path dir) {
        root = NDManager.newBaseManager();
        model = LlamaModel.load(TinyModels.writeWithTokenizer(dir), root);
        tokenizer = Tokenizer.forModel(dir, model.config());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        model.close();
        root.close();
    }

    @Test
    void aBurstBeyondCapacityIsTurnedAwayAtOnceAndTheRestComplete() throws Exception {
        ModelService service = new ModelService(model, tokenizer, new ModelService.Limits(8, 2, Duration.ofSeconds(30)));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<Completion>> futures = new ArrayList<>();
        synchronized (model) { // generation needs the model's monitor: every admitted request waits
            for (int i = 0; i < 5; i++) futures.add(pool.submit(() -> service.complete(CompletionRequest.greedy(PROMPT, 8))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (futures.stream().filter(Future::isDone).count() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(futures.stream().filter(Future::isDone).count()).as("requests turned away while the model is held").isEqualTo(3);
        }
        int busy = 0;
        List<Completion> done = new ArrayList<>();
        for (Future<Completion> f : futures) {
            try {
                done.add(f.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(LlmBackend.Busy.class).hasMessageContaining("busy");
                busy++;
            }
        }
        pool.shutdown();
        assertThat(busy).isEqualTo(3);
        assertThat(done).hasSize(2);
        // One shared model, greedy: both admitted requests wrote what a lone request writes.
        Completion alone = service.complete(CompletionRequest.greedy(PROMPT, 8));
        assertThat(done).allSatisfy(c -> {
            assertThat(c.text()).isEqualTo(alone.text());
            assertThat(c.completionTokens()).isBetween(1, 8);
        });
    }

    @Test
    void aRequestThatWaitsTooLongIsTurnedAway() throws Exception {
        ModelService service = new ModelService(model, tokenizer, new ModelService.Limits(4, 3, Duration.ofMillis(200)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Completion> first;
        Future<Completion> second;
        synchronized (model) {
            first = pool.submit(() -> service.complete(CompletionRequest.greedy(PROMPT, 4)));
            Thread.sleep(100); // the first takes the turn and blocks on the model
            second = pool.submit(() -> service.complete(CompletionRequest.greedy(PROMPT, 4)));
            Future<Completion> waiting = second;
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LlmBackend.Busy.class)
                    .hasMessageContaining("waited");
        }
        assertThat(first.get(30, TimeUnit.SECONDS).completionTokens()).isBetween(1, 4);
        pool.shutdown();
    }

    @Test
    void maxTokensAreCappedAndTimed() {
        CompletionRequest asksForMany = CompletionRequest.greedy(PROMPT, 500);
        // greedy on the seeded tiny model: the same tokens every run, and more than the cap before any eos
        Completion uncapped = service(1, 1).complete(CompletionRequest.greedy(PROMPT, 20));
        assertThat(uncapped.completionTokens()).as("the prompt goes on past the cap without the cap").isGreaterThan(5);
        ModelService service = new ModelService(model, tokenizer, new ModelService.Limits(5, 2, Duration.ofSeconds(5)));
        Completion c = service.complete(asksForMany);
        assertThat(c.completionTokens()).isEqualTo(5);
        assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(c.millis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aMissingModelSaysHowToBuildIt(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelService.open(dir.resolve("course-model"), ModelService.Limits.defaults()))
                .isInstanceOf(CourseModel.Missing.class)
                .hasMessageStartingWith("no course model at " + dir.resolve("course-model"))
                .hasMessageContaining("run bin/course-data then bin/nlulab model pretrain");
    }

    static ModelService service(int batch, int capacity) {
        return new ModelService(model, tokenizer, new ModelService.Limits(64, capacity, Duration.ofSeconds(30), batch));
    }

    @Test
    void batchedAnswersAreTheAnswersEachPromptGetsAlone() {
        ModelService service = service(3, 2);
        List<String> prompts = List.of(PROMPT, "The answer is", "Ann flips the coin.", "Q: A coin is heads up.", "The answer is yes.",
                "Ann", PROMPT.substring(0, 30));
        List<CompletionRequest> requests = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            CompletionRequest r = CompletionRequest.greedy(prompts.get(i), i % 2 == 0 ? 6 : 9); // two kinds of request, interleaved
            requests.add(i == 3 ? r.withStop(List.of(" ")) : r);
        }
        List<Completion> together = service.completeAll(requests);
        assertThat(together).hasSize(prompts.size());
        for (int i = 0; i < requests.size(); i++) {
            Completion alone = service.complete(requests.get(i));
            assertThat(together.get(i).text()).as("prompt %d", i).isEqualTo(alone.text());
            assertThat(together.get(i).finishReason()).as("prompt %d", i).isEqualTo(alone.finishReason());
            assertThat(together.get(i).completionTokens()).isEqualTo(alone.completionTokens());
            assertThat(together.get(i).promptTokens()).isEqualTo(tokenizer.encodeWithBos(prompts.get(i)).length);
        }
    }

    @Test
    void manyPromptsTakeOnePlaceInLine() throws Exception {
        ModelService service = service(2, 1);
        CompletableFuture<List<Completion>> batch;
        synchronized (model) { // the batch waits on the model, holding the only place
            batch = CompletableFuture.supplyAsync(() -> service.completeAll(List.of(CompletionRequest.greedy(PROMPT, 3),
                    CompletionRequest.greedy("Ann", 3), CompletionRequest.greedy("The answer is", 3))));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (service.inLine() == 0 && System.nanoTime() < until) Thread.sleep(1);
            assertThatThrownBy(() -> service.complete(CompletionRequest.greedy(PROMPT, 3))).isInstanceOf(LlmBackend.Busy.class);
        }
        assertThat(batch.get(60, TimeUnit.SECONDS)).hasSize(3);
        assertThat(service.inLine()).isZero();
    }

    @Test
    void aPromptTooLongForTheWindowIsNamedBeforeAnyRuns() {
        ModelService service = service(4, 2);
        List<CompletionRequest> requests = List.of(CompletionRequest.greedy(PROMPT, 4), CompletionRequest.greedy("Ann", 4),
                CompletionRequest.greedy("Ann flips the coin. ".repeat(390), 4));
        assertThatThrownBy(() -> service.completeAll(requests)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prompt 2 is ").hasMessageContaining("context window");
    }

    @Test
    void streamedPiecesJoinToTheAnswerAndStopBeforeAStopString() {
        ModelService service = service(4, 2);
        CompletionRequest request = CompletionRequest.greedy(PROMPT, 40);
        List<String> pieces = new ArrayList<>();
        Completion whole = service.stream(request, pieces::add);
        assertThat(String.join("", pieces)).isEqualTo(whole.text()).isEqualTo(service.complete(request).text());
        assertThat(pieces.size()).as("the text comes in pieces").isGreaterThan(3);

        String stop = whole.text().substring(whole.text().length() / 2, whole.text().length() / 2 + 4);
        List<String> cut = new ArrayList<>();
        Completion stopped = service.stream(request.withStop(List.of(stop)), cut::add);
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(String.join("", cut)).isEqualTo(whole.text().substring(0, whole.text().indexOf(stop))).isEqualTo(stopped.text());
    }
}
