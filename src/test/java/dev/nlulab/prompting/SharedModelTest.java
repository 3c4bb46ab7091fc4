package dev.nlulab.prompting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.ml.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's one copy of the model: its status answers at once, also while the model loads. */
class SharedModelTest {
    static {
        TinyModels.init();
    }

    static final ModelService.Limits LIMITS = new ModelService.Limits(8, 2, Duration.ofSeconds(5));

    @Test
    void whileTheModelLoadsItsStatusSaysSoAtOnceAndARequestWaitsForTheLoad(@TempDir Path dir) throws Exception {
        TinyModels.writeWithTokenizer(dir);
        CountDownLatch release = new CountDownLatch(1);
        // the real load, held back until the test lets it go
        try (SharedModel model = new SharedModel(dir, LIMITS, (d, l) -> {
            await(release);
            return ModelService.open(d, l);
        })) {
            assertThat(model.status().loading()).isFalse();
            model.preloadInBackground();
            SharedModel.Status during = CompletableFuture.supplyAsync(model::status).get(2, TimeUnit.SECONDS);
            assertThat(during.loading()).isTrue();
            assertThat(during.loaded()).isFalse();
            assertThat(during.available()).isTrue();
            assertThat(model.inLine()).isZero();

            CompletableFuture<Completion> asked = CompletableFuture.supplyAsync(() -> model.complete(CompletionRequest.greedy(TinyModels.PROMPT, 3)));
            Thread.sleep(200);
            assertThat(asked).as("a request waits for the load").isNotDone();
            release.countDown();
            assertThat(asked.get(60, TimeUnit.SECONDS).completionTokens()).isPositive();
            SharedModel.Status after = model.status();
            assertThat(after.loaded()).isTrue();
            assertThat(after.loading()).isFalse();
        }
    }

    @Test
    void aLoadThatFailsIsReportedAndTriedAgainOnTheNextRequest(@TempDir Path dir) throws Exception {
        TinyModels.writeWithTokenizer(dir);
        byte[] weights = Files.readAllBytes(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), new byte[]{1, 2, 3});
        try (SharedModel model = new SharedModel(dir, LIMITS)) {
            model.preloadInBackground();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (model.status().loading() && System.nanoTime() < until) Thread.sleep(20);
            assertThat(model.status().available()).isFalse();
            assertThat(model.status().problem()).contains("could not be loaded");

            Files.write(dir.resolve("model.safetensors"), weights);
            assertThat(model.complete(CompletionRequest.greedy(TinyModels.PROMPT, 2)).completionTokens()).isPositive();
            assertThat(model.status().available()).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
