package dev.nlulab.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code nlulab serve} in a JVM of its own, started the way a person starts it: from a working folder of
 * its own, with a class path relative to that folder (as {@code cd target && java -jar nlulab.jar serve}
 * has), settings from {@code NLULAB_*} variables. Tests kill it with SIGKILL and start it again.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private final Process process;
    private final int port;
    private final Path output;

    private ServerProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts a server in {@code workDir} on {@code settings} (keys as in nlulab.properties) and waits until it answers. */
    public static ServerProcess start(Path workDir, Map<String, String> settings) {
        try {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dai.djl.offline=true",
                    "-cp", relativeClassPath(workDir), "dev.nlulab.cli.App", "serve"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
            Path output = Files.createTempFile(workDir, "server-", ".log");
            pb.redirectOutput(output.toFile());
            pb.environment().put("NLULAB_PORT", Integer.toString(port));
            settings.forEach((key, value) -> pb.environment().put("NLULAB_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
            ServerProcess server = new ServerProcess(pb.start(), port, output);
            server.awaitAnswer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's class path with every entry relative to {@code workDir}. */
    static String relativeClassPath(Path workDir) {
        Path from = workDir.toAbsolutePath().normalize();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> from.relativize(Path.of(entry).toAbsolutePath().normalize()).toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** What the server printed, for a failing test's message. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** kill -9: the server gets no chance to finish anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A polite stop (SIGTERM: the server closes in order). */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAnswer() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output());
            try {
                http.send(HttpRequest.newBuilder(URI.create(url("/login"))).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        kill();
        throw new IllegalStateException("the server did not answer within " + START_TIMEOUT + ":\n" + output());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
