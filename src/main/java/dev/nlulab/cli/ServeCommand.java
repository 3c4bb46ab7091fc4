package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import picocli.CommandLine.Command;

import java.util.concurrent.CountDownLatch;

/** {@code nlulab serve}: the platform on its settings, until stopped (Ctrl-C stops it gracefully). */
@Command(name = "serve", description = "Start the NLU Lab web platform.")
public final class ServeCommand implements Runnable {
    @Override
    public void run() {
        Settings settings = Settings.load();
        // Read when the engine starts (on the model's first load); jobs run in their own JVMs.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(settings.getInt("model.threads")));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Platform platform = Platform.start(settings);
        platform.model().preloadInBackground(); // so the first student does not wait for the engine
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "nlulab-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
