package dev.nlulab.cli;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.nlulab.config.Settings;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code nlulab bench web}: the platform's pages under load next to nginx serving the same bytes, on this
 * machine, in the same minutes. Starts the platform on a temporary H2 database with a seeded class
 * ({@link WebBenchClass}), starts Debian's nginx on a free loopback port with each page's response saved
 * to a file, and runs wrk against both, page by page. Also counts, inside the server, CPU time, memory
 * allocated and SQL statements per request. Prints figures; never part of the tests.
 */
@Command(name = "web", description = "Benchmark the web pages against nginx serving the same bytes (needs wrk and nginx).")
public final class WebBenchCommand implements Callable<Integer> {
    static final String INSTALL = "nlulab bench web needs wrk and nginx. On Debian or Ubuntu: sudo apt-get install wrk nginx\n"
            + "(the bench starts its own nginx on a free loopback port; the system service is not used and can stay\n"
            + "disabled: sudo systemctl disable --now nginx)";
    private static final Pattern CSS = Pattern.compile("/static/css/app\\.css(\\?v=[0-9a-f]+)?");

    @Option(names = {"-d", "--seconds"}, description = "Seconds of load per page and side (default ${DEFAULT-VALUE}).")
    int seconds = 20;

    @Option(names = {"-c", "--connections"}, description = "Open connections (default ${DEFAULT-VALUE}).")
    int connections = 200;

    @Option(names = {"-t", "--threads"}, description = "wrk threads (default ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--warmup", description = "Seconds of load on the platform before each page's run, not counted (default ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--students", description = "Students in the class, each with a session (default ${DEFAULT-VALUE}).")
    int students = 200;

    @Option(names = "--submissions", description = "Graded submissions per student on the leaderboard (default ${DEFAULT-VALUE}).")
    int submissions = 3;

    @Option(names = "--one-student", description = "Every request with the first student's cookie, instead of each student in turn.")
    boolean oneStudent;

    @Option(names = "--pages", split = ",", description = "Pages to load, of lesson, course, leaderboard, static, healthz (default: all).")
    List<String> pages = List.of("lesson", "course", "leaderboard", "static", "healthz");

    @Option(names = "--db", description = "JDBC URL of the database (default: H2 in a temporary folder).")
    String db;

    @Option(names = "--web-threads", description = "The platform's web.threads: Jetty's request threads (default: the installation's setting).")
    Integer webThreads;

    @Option(names = "--keep", description = "Keep the temporary folder (nginx configuration, wrk script, the saved responses).")
    boolean keep;

    private record Target(String name, String path, String contentType, byte[] body) {}

    /** What the server's process has spent so far: CPU time, bytes allocated, SQL statements run. */
    private record Totals(long cpuNanos, long allocated, long statements) {
        static Totals now(AtomicLong statements) {
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            return new Totals(os.getProcessCpuTime(), threads.getTotalThreadAllocatedBytes(), statements.get());
        }

        /** Per request, since {@code before}. */
        Costs per(Totals before, long requests) {
            double n = Math.max(1, requests);
            return new Costs((cpuNanos - before.cpuNanos) / 1e6 / n, (allocated - before.allocated) / 1024.0 / n, (statements - before.statements) / n);
        }
    }

    private record Costs(double cpuMs, double kib, double statements) {}

    @Override
    public Integer call() throws Exception {
        Optional<Path> wrk = executable("wrk");
        Optional<Path> nginx = executable("nginx");
        if (wrk.isEmpty() || nginx.isEmpty()) {
            System.err.println(INSTALL);
            return 2;
        }
        Path tmp = Files.createTempDirectory("nlulab-bench-web");
        Path nginxDir = Files.createTempDirectory("nlulab-bench-nginx");
        int cpus = Runtime.getRuntime().availableProcessors();
        double loadStart = load();
        Map<String, String> s = new HashMap<>();
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        s.put("data.dir", tmp.resolve("data").toString());
        s.put("jobs.tick.ms", "3600000");                // the job scheduler stays idle
        if (db != null) s.put("db.url", db);
        if (webThreads != null) s.put("web.threads", webThreads.toString());
        AtomicLong statements = new AtomicLong();
        try (Platform platform = Platform.start(Settings.of(s))) {
            platform.db().jdbi().getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
                @Override
                public void logAfterExecution(StatementContext context) {
                    statements.incrementAndGet();
                }
            });
            WebBenchClass seeded = WebBenchClass.seed(platform, students, submissions);
            List<String> cookies = oneStudent ? seeded.cookies().subList(0, 1) : seeded.cookies();
            String base = "http://127.0.0.1:" + platform.web().port();
            List<Target> targets = targets(base, seeded);
            Path script = Wrk.script(tmp.resolve("cookies.lua"), cookies);
            Wrk load = new Wrk(wrk.get(), threads, connections);
            try (Nginx mirror = Nginx.start(nginx.get(), nginxDir, targets.stream()
                    .map(t -> new Nginx.Page(t.path().replaceAll("\\?.*", ""), t.contentType(), t.body())).toList(), cpus)) {
                boolean same = sameBytes(mirror, targets);
                System.out.printf(Locale.ROOT, "NLU Lab web bench  %s%n", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
                System.out.printf(Locale.ROOT, "machine: %d CPUs, load average %.1f at start%s%n", cpus, loadStart,
                        loadStart > cpus ? "  <- busy: figures not for publication" : "");
                System.out.printf(Locale.ROOT, "%s: %d threads, %d connections, %d s per side after %d s warm-up, %s%n", version(wrk.get()).replaceAll("\\s*Copyright.*", ""),
                        threads, connections, seconds, warmup, oneStudent ? "one student's cookie" : cookies.size() + " students' cookies in turn");
                System.out.printf(Locale.ROOT, "%s on 127.0.0.1:%d, same bytes: %s%n", version(nginx.get()).replace("nginx version: ", ""), mirror.port(), same ? "yes" : "NO");
                System.out.printf(Locale.ROOT, "class: %d students, %d quiz answers on %s, %d graded submissions on %s%n%n",
                        students, seeded.answers(), seeded.lessonPath(), seeded.submissions(), seeded.boardPath());
                System.out.printf(Locale.ROOT, "%-12s %7s %10s %12s %8s %9s %9s %9s %10s %8s %7s%n", "page", "bytes", "app req/s", "nginx req/s",
                        "ratio", "app p50", "app p99", "time-outs", "CPU ms/req", "KiB/req", "SQL/req");
                for (Target t : targets) {
                    if (warmup > 0) load.run(base + t.path(), script, warmup);
                    Totals before = Totals.now(statements);
                    Wrk.Result app = load.run(base + t.path(), script, seconds);
                    Costs spent = Totals.now(statements).per(before, app.requests());
                    Wrk.Result ng = load.run(mirror.url(t.path()), script, seconds);
                    System.out.printf(Locale.ROOT, "%-12s %7d %10.1f %12.1f %8.4f %9s %9s %9d %10.3f %8.1f %7.2f%s%n", t.name(), t.body().length,
                            app.perSecond(), ng.perSecond(), app.perSecond() / ng.perSecond(), ms(app.p50()), ms(app.p99()), app.timeouts(),
                            spent.cpuMs(), spent.kib(), spent.statements(),
                            app.non2xx() + app.errors() > 0 ? "  (" + app.non2xx() + " non-2xx, " + app.errors() + " socket errors)" : "");
                }
            }
            System.out.printf(Locale.ROOT, "%nload average %.1f at the end%s%n", load(), keep ? "; files kept in " + tmp + " and " + nginxDir : "");
        } finally {
            if (!keep) {
                delete(tmp);
                delete(nginxDir);
            }
        }
        return 0;
    }

    /** Each page once, as the first student sees it, without compression: what nginx will serve. */
    private List<Target> targets(String base, WebBenchClass seeded) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String cookie = seeded.cookies().get(0);
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        paths.put("lesson", seeded.lessonPath());
        paths.put("course", "/course");
        paths.put("leaderboard", seeded.boardPath());
        paths.put("healthz", "/healthz");
        List<Target> out = new ArrayList<>();
        String css = null;
        for (Map.Entry<String, String> p : paths.entrySet()) {
            HttpResponse<byte[]> r = get(http, base + p.getValue(), cookie);
            if (p.getKey().equals("lesson")) {
                Matcher m = CSS.matcher(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                if (m.find()) css = m.group();
            }
            if (pages.contains(p.getKey())) out.add(new Target(p.getKey(), p.getValue(), contentType(r), r.body()));
        }
        if (pages.contains("static")) {
            String path = css == null ? "/static/css/app.css" : css;   // as the pages link it
            HttpResponse<byte[]> r = get(http, base + path, cookie);
            out.add(new Target("static css", path, contentType(r), r.body()));
        }
        return out;
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url, String cookie) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        return r;
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("application/octet-stream");
    }

    private static boolean sameBytes(Nginx mirror, List<Target> targets) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (Target t : targets) {
            byte[] served = http.send(HttpRequest.newBuilder(URI.create(mirror.url(t.path()))).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            if (!Arrays.equals(served, t.body())) return false;
        }
        return true;
    }

    private static String ms(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** On the PATH, or where Debian puts a daemon (nginx is in /usr/sbin, often not on a user's PATH). */
    static Optional<Path> executable(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** The first line {@code <executable> -v} prints. */
    private static String version(Path executable) {
        try {
            Process p = new ProcessBuilder(executable.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse(executable.getFileName().toString()).strip();
        } catch (IOException | InterruptedException e) {
            return executable.getFileName() + " (version unknown)";
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
