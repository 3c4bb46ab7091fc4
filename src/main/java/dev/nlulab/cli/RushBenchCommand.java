package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nlulab bench rush}: a deadline rush ({@link DeadlineRush}) on one or more fresh platforms sharing one
 * database, with the figures (throughput, latency) and the checks that every acknowledged upload was graded, none
 * was lost or left pending, and each student's count is exactly the limit. Exits 1 when a check fails.
 */
@Command(name = "rush", description = "Fire a deadline rush of uploads at a limited exercise; print throughput, latency and the checks.")
public final class RushBenchCommand implements Callable<Integer> {
    @Option(names = "--uploads", defaultValue = "1000", description = "Uploads in the rush (default ${DEFAULT-VALUE}).")
    int uploads;

    @Option(names = "--students", defaultValue = "50", description = "Students sending them, in turn (default ${DEFAULT-VALUE}).")
    int students;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent HTTP clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--daily-limit", defaultValue = "10", description = "The exercise's daily limit (default ${DEFAULT-VALUE}).")
    int dailyLimit;

    @Option(names = "--total-limit", defaultValue = "15", description = "The exercise's total limit (default ${DEFAULT-VALUE}).")
    int totalLimit;

    @Option(names = "--seconds", defaultValue = "60", description = "The deadline the rush must be over by (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--servers", defaultValue = "1", description = "Servers (whole platforms, each its own pool) on the one database (default ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--db", description = "JDBC URL of the database, e.g. PostgreSQL's (default: H2 in a temporary folder).")
    String db;

    @Option(names = "--db-user", description = "Database user (default: the db.user setting).")
    String dbUser;

    @Option(names = "--db-password", description = "Database password (default: the db.password setting).")
    String dbPassword;

    @Override
    public Integer call() throws Exception {
        Path tmp = Files.createTempDirectory("nlulab-bench-rush");
        RushLab lab = new RushLab("rush", dailyLimit, totalLimit);
        Map<String, String> s = new HashMap<>();
        s.put("port", "0");
        s.put("course.dir", lab.writeCourse(tmp.resolve("course"), Path.of("").toAbsolutePath()).toString());
        s.put("data.dir", tmp.resolve("data").toString());
        s.put("model.dir", tmp.resolve("no-model").toString());
        if (db != null) s.put("db.url", db);
        if (dbUser != null) s.put("db.user", dbUser);
        if (dbPassword != null) s.put("db.password", dbPassword);
        List<Platform> platforms = new ArrayList<>();
        try {
            for (int i = 0; i < servers; i++) platforms.add(Platform.start(Settings.of(s)));
            RushClass rushClass = RushClass.seed(platforms.get(0), students);
            List<String> urls = platforms.stream().map(p -> "http://localhost:" + p.web().port()).toList();
            System.out.printf(Locale.ROOT, "rush: %d uploads from %d students by %d clients at %d server(s) on %s; limits %d a day, %d in all%n",
                    uploads, students, clients, servers, db == null ? "H2" : db.replaceAll("password=[^&]*", "password=..."), dailyLimit, totalLimit);
            DeadlineRush rush = new DeadlineRush(urls, lab, rushClass);
            DeadlineRush.Result r = rush.run(uploads, clients, platforms.get(0).db());
            System.out.printf(Locale.ROOT, "%.1f s, %.0f uploads/s; latency p50 %.0f ms, p99 %.0f ms, max %.0f ms; %d acknowledged, %d refused at the limit%n",
                    r.elapsed().toMillis() / 1000.0, r.perSecond(), r.latencyMs(0.50), r.latencyMs(0.99), r.latencyMs(1.0),
                    r.acknowledgedCount(), r.refused());
            boolean ok = true;
            for (DeadlineRush.Check c : rush.checks(r, Duration.ofSeconds(seconds), platforms.get(0).db())) {
                System.out.printf(Locale.ROOT, "  %s %s: %s%n", c.ok() ? "ok  " : "FAIL", c.name(), c.found());
                ok &= c.ok();
            }
            System.out.printf(Locale.ROOT, "load average %.1f at the end%n", load());
            return ok ? 0 : 1;
        } finally {
            for (Platform p : platforms) p.close();
            delete(tmp);
        }
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void delete(Path dir) {
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
