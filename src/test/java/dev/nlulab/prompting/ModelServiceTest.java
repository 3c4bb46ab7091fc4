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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process backend on a tiny random model: capacity, waiting, caps, and a missing model. */
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
        ModelService service = new ModelService(model, tokenizer, new ModelService.Limits(5, 2, Duration.ofSeconds(5)));
        Completion c = service.complete(new CompletionRequest(PROMPT, 500, 0.8, List.of()));
        assertThat(c.completionTokens()).isBetween(1, 5);
        assertThat(c.finishReason()).isIn(FinishReason.LENGTH, FinishReason.EOS);
        assertThat(c.millis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aMissingModelSaysHowToBuildIt(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelService.open(dir.resolve("course-model"), ModelService.Limits.defaults()))
                .isInstanceOf(CourseModel.Missing.class)
                .hasMessageStartingWith("no course model at " + dir.resolve("course-model"))
                .hasMessageContaining("run bin/course-data then bin/nlulab model pretrain");
    }
}
