package dev.nlulab.prompting;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tried models: never waited for, at most {@code max} held, the least recently used unloaded, never under a running request. */
class TriedModelsTest {
    private static final ModelService.Limits LIMITS = new ModelService.Limits(8, 2, Duration.ofSeconds(30));
    static Path a, b, c, d;

    @BeforeAll
    static void models(@TempDir Path dir) throws Exception {
        TinyModels.init();
        a = TinyModels.writeWithTokenizer(Files.createDirectories(dir.resolve("a")));
        b = copy(a, dir.resolve("b"));
        c = copy(a, dir.resolve("c"));
        d = copy(a, dir.resolve("d"));
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    @Test
    void aModelLoadsInTheBackgroundAndThenAnswersAsTheGeneratorOnItsFolderDoes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TriedModels tried = new TriedModels(2, LIMITS, (dir, limits) -> {
            awaitQuietly(release); // a slow load: the caller must not wait for it
            return ModelService.open(dir, limits);
        })) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> tried.use(a, s -> s.complete(CompletionRequest.greedy(TinyModels.PROMPT, 8))))
                    .isInstanceOf(TriedModels.Loading.class);
            assertThat(tried.prepare(a)).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("not held until the load ends").isLessThan(Duration.ofSeconds(2));
            release.countDown();
            awaitLoaded(tried, a);
            String served = tried.use(a, s -> s.complete(CompletionRequest.greedy(TinyModels.PROMPT, 8))).text();
            assertThat(served).isEqualTo(direct(a, 8));
        }
    }

    @Test
    void neverMoreThanMaxAreHeldAndTheLeastRecentlyUsedGoesFirst() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        try (TriedModels tried = new TriedModels(2, LIMITS, (dir, limits) -> {
            loads.incrementAndGet();
            return ModelService.open(dir, limits);
        })) {
            // any sequence of picks: the models held are the last two distinct ones picked, most recent last
            List<Path> models = List.of(a, b, c, d);
            Random random = new Random(5);
            List<Path> picks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Path pick = models.get(random.nextInt(models.size()));
                tried.prepare(pick);
                picks.add(pick.toAbsolutePath().normalize());
                LinkedHashSet<Path> recent = new LinkedHashSet<>();
                for (int k = picks.size() - 1; k >= 0 && recent.size() < 2; k--) recent.add(picks.get(k));
                List<Path> expected = new ArrayList<>(recent);
                java.util.Collections.reverse(expected);
                assertThat(tried.held()).as("after picks %s", picks).containsExactlyElementsOf(expected);
            }
            // a model unloaded is loaded again when it is picked again
            int before = loads.get();
            tried.prepare(a);
            tried.prepare(b);
            tried.prepare(c); // a goes
            tried.prepare(a);
            awaitLoaded(tried, a); // loads run on their own thread: count them once this one has ended
            assertThat(loads.get() - before).isGreaterThanOrEqualTo(1);
            assertThat(tried.held()).containsExactly(c.toAbsolutePath().normalize(), a.toAbsolutePath().normalize());
        }
    }

    @Test
    void aModelUnloadedWhileItAnswersFinishesThatAnswer() throws Exception {
        try (TriedModels tried = new TriedModels(1, LIMITS)) {
            tried.prepare(a);
            awaitLoaded(tried, a);
            String expected = direct(a, 8);
            CountDownLatch inside = new CountDownLatch(1), evicted = new CountDownLatch(1);
            List<String> answer = new ArrayList<>();
            Thread t = new Thread(() -> answer.add(tried.use(a, s -> {
                inside.countDown();
                awaitQuietly(evicted); // b is picked while this request holds a
                return s.complete(CompletionRequest.greedy(TinyModels.PROMPT, 8)).text();
            })));
            t.start();
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            tried.prepare(b);
            assertThat(tried.held()).containsExactly(b.toAbsolutePath().normalize());
            evicted.countDown();
            t.join(30_000);
            assertThat(answer).containsExactly(expected);
            assertThatThrownBy(() -> tried.use(a, s -> s.complete(CompletionRequest.greedy(TinyModels.PROMPT, 8))))
                    .as("unloaded: it loads again").isInstanceOf(TriedModels.Loading.class);
        }
    }

    @Test
    void aFolderWithoutAModelIsReportedAndTriedAgain(@TempDir Path empty) throws Exception {
        try (TriedModels tried = new TriedModels(2, LIMITS)) {
            tried.prepare(empty);
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Throwable last = null;
            while (System.nanoTime() < end) {
                try {
                    tried.use(empty, s -> s.complete(CompletionRequest.greedy("x", 1)));
                } catch (LlmBackend.Unavailable e) {
                    last = e;
                    break;
                } catch (TriedModels.Loading e) {
                    Thread.sleep(50);
                }
            }
            assertThat(last).isNotNull().hasMessageContaining("could not be loaded");
            assertThatThrownBy(() -> tried.use(empty, s -> s.complete(CompletionRequest.greedy("x", 1))))
                    .as("a failed load is tried again").isInstanceOf(TriedModels.Loading.class);
        }
    }

    @Test
    void atLeastOneModel() {
        assertThatThrownBy(() -> new TriedModels(0, LIMITS)).hasMessageContaining("model.tried.max");
    }

    static void awaitLoaded(TriedModels tried, Path dir) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!tried.isLoaded(dir) && System.nanoTime() < end) Thread.sleep(20);
        assertThat(tried.isLoaded(dir)).as("loaded within 30 s").isTrue();
    }

    /** What the generator continues the prompt with on the folder's model loaded directly. */
    static String direct(Path dir, int tokens) {
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = QuantizedCheckpoint.loadAny(dir, root);
             Tokenizer tokenizer = Tokenizer.forModel(dir, model.config())) {
            return new Generator(model, tokenizer).generate(List.of(TinyModels.PROMPT), GenerationConfig.greedy(tokens)).get(0).text();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
