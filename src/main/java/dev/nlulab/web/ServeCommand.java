package dev.nlulab.web;

import dev.nlulab.Platform;
import dev.nlulab.config.Settings;
import picocli.CommandLine.Command;

import java.util.concurrent.CountDownLatch;

/** {@code nlulab serve}: the platform on its settings, until stopped (Ctrl-C stops it gracefully). */
@Command(name = "serve", description = "Start the NLU Lab web platform.")
public final class ServeCommand implements Runnable {
    @Override
    public void run() {
        Settings settings = Settings.load();
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
