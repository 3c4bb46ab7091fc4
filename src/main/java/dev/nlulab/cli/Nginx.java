package dev.nlulab.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, started for a benchmark on a free loopback port with its own configuration in a
 * temporary folder, serving fixed responses (the same bytes the platform sent) at exact paths; the
 * system's nginx service is not touched. Stopped by its process, never by name.
 */
final class Nginx implements AutoCloseable {
    /** One response to serve: its path, content type and body. */
    record Page(String path, String contentType, byte[] body) {}

    private final Path dir;
    private final int port;
    private Process process;

    private Nginx(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes the pages and the configuration under {@code dir} (readable by nginx's workers) and starts nginx. */
    static Nginx start(Path executable, Path dir, List<Page> pages, int workers) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("tmp"));
        int port = freePort();
        StringBuilder locations = new StringBuilder();
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            Path file = dir.resolve("root").resolve("page" + i);
            Files.write(file, p.body());
            locations.append("    location = ").append(p.path()).append(" { default_type \"").append(p.contentType())
                    .append("\"; alias ").append(file).append("; }\n");
        }
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes %1$d;
                pid %2$s;
                error_log %3$s warn;
                daemon off;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %4$s; proxy_temp_path %4$s; fastcgi_temp_path %4$s; uwsgi_temp_path %4$s; scgi_temp_path %4$s;
                  sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 65;
                  types { }
                  server {
                    listen 127.0.0.1:%5$d;
                %6$s  }
                }
                """.formatted(workers, dir.resolve("nginx.pid"), dir.resolve("error.log"), dir.resolve("tmp"), port, locations));
        readableByAll(dir);
        Nginx n = new Nginx(dir, port);
        n.process = new ProcessBuilder(executable.toString(), "-e", dir.resolve("error.log").toString(), "-p", dir.toString(),
                "-c", dir.resolve("nginx.conf").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(n::close));
        for (int i = 0; i < 100 && !n.listening(); i++) {
            if (!n.process.isAlive()) throw new IOException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")).strip());
            Thread.sleep(100);
        }
        if (!n.listening()) throw new IOException("nginx is not listening on port " + port + " after 10 s");
        return n;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int port() { return port; }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) return;
        ProcessHandle h = process.toHandle();
        List<ProcessHandle> workers = new ArrayList<>(h.children().toList());
        process.destroy();                                    // SIGTERM to the master: a fast shutdown of its workers
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.forEach(ProcessHandle::destroyForcibly);      // none left unless the master died first
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void readableByAll(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
