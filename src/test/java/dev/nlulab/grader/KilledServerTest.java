package dev.nlulab.grader;

import dev.nlulab.accounts.AccountService;
import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import dev.nlulab.store.Database;
import dev.nlulab.web.ServerProcess;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server in its own JVM, started from a folder of its own with a relative class path (as
 * {@code cd target && java -jar nlulab.jar serve} starts it), killed with SIGKILL while it grades a large upload
 * in a rush of small ones, and while a student's BM25 job and three more jobs run, then started again on the same
 * data: every upload it acknowledged is graded, every job ends (finished, re-attached or failed with a reason),
 * nothing stays pending.
 */
class KilledServerTest {
    static final int ITEMS = 200_000; // a key large enough that grading takes a moment to catch
    static final int RUSH = 16;         // small uploads sent at once with the large one
    static final int SLEEPERS = 3;      // jobs running besides the BM25 one when the server is killed

    @TempDir
    Path tmp;

    @Test
    void afterKillMinus9NoSubmissionStaysPendingAndJobsOfARelativeClassPathServerAreGraded() throws Exception {
        Path course = course();
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path run = Files.createDirectories(tmp.resolve("run")); // the server's working folder: not the course, not the data
        Map<String, String> settings = Map.of("data.dir", data.toString(), "course.dir", course.toString(),
                "model.dir", tmp.resolve("no-model").toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "cpu.slots", Integer.toString(SLEEPERS + 1), "jobs.max.running.per.student", Integer.toString(SLEEPERS + 1));
        long student;
        try (Database db = Database.open(Settings.of(settings))) {
            AccountService accounts = new AccountService(db.jdbi(), Clock.systemUTC(), Duration.ofHours(1));
            accounts.createUser("first@uni.edu", "first", TestServer.PASSWORD, Role.ADMIN);
            student = accounts.createUser("ada@uni.edu", "ada", TestServer.PASSWORD, Role.STUDENT).id();
        }

        ServerProcess first = ServerProcess.start(run, settings);
        List<Long> acknowledged = new ArrayList<>();
        try {
            TestClient ada = signedIn(first);
            ada.get("/labs/reverse-dictionary");
            assertThat(ada.post("/labs/reverse-dictionary/bm25/jobs", Map.of("k1", "1.2", "b", "0.75", "examples", "true",
                    "hypernyms", "true", "other_senses", "true", "dev", "false")).statusCode()).isIn(200, 303);
            ada.get("/labs/big");
            for (int i = 0; i < SLEEPERS; i++) {
                assertThat(ada.post("/labs/big/sleep/jobs", Map.of("seconds", "15")).statusCode()).isEqualTo(303);
            }
            awaitStarted(data.resolve("jobs"), SLEEPERS);
            // a rush: small uploads one after another from several threads, until the kill cuts them off
            ExecutorService pool = Executors.newFixedThreadPool(RUSH + 1);
            List<Long> acked = java.util.Collections.synchronizedList(acknowledged);
            for (int i = 0; i < RUSH; i++) {
                pool.submit(() -> {
                    while (true) {
                        HttpResponse<String> r = ada.upload("/labs/big/small/submissions", "predictions", "small.csv",
                                "id,prediction\nq0,a\nq1,a\nq2,b\n".getBytes(StandardCharsets.UTF_8));
                        Matcher m = Pattern.compile("submission=(\\d+)").matcher(r.headers().firstValue("Location").orElse(""));
                        if (m.find()) acked.add(Long.parseLong(m.group(1)));
                    }
                });
            }
            while (acked.size() < RUSH) Thread.sleep(10);
            Future<HttpResponse<String>> upload = pool.submit(() -> ada.upload("/labs/big/cls/submissions", "predictions",
                    "predictions.csv", predictions().getBytes(StandardCharsets.UTF_8)));
            awaitFile(data.resolve("uploads/big/cls/" + student), upload);
            first.kill(); // the large file is in place and being graded, jobs run, small uploads come and go
            pool.shutdownNow();
            acknowledged = List.copyOf(acked);
        } finally {
            first.kill();
        }
        try (Database db = Database.open(Settings.of(settings))) {
            List<String> left = db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM submissions WHERE exercise_id = 'cls'")
                    .mapTo(String.class).list());
            assertThat(left).as("what the kill left of the large upload").containsExactly("PENDING");
            int running = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE state = 'RUNNING'").mapTo(Integer.class).one());
            assertThat(running).as("jobs running at the kill").isGreaterThanOrEqualTo(SLEEPERS);
        }

        try (ServerProcess second = ServerProcess.start(run, settings)) {
            TestClient ada = signedIn(second);
            String lab = ada.get("/labs/big").body();
            String big = lab.substring(0, lab.indexOf("id=\"sleep\"")); // the uploads' panels; the jobs may still run
            assertThat(big).as(second.output()).contains(">graded<").doesNotContain(">pending<");
            assertThat(leftToday(big)).as("the graded upload counts once").isEqualTo("1");

            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            String bm25 = "";
            while (System.nanoTime() < end) {
                String page = ada.get("/labs/reverse-dictionary").body();
                bm25 = page.substring(page.indexOf("id=\"bm25\""));
                if (!bm25.contains(">pending<")) break;
                Thread.sleep(500);
            }
            assertThat(bm25).as(second.output()).contains(">graded<").doesNotContain(">not_gradable<");
            awaitNoPending(ada, "/labs/big", "id=\"sleep\"");
        }
        try (Database db = Database.open(Settings.of(settings))) {
            Map<Long, String> status = new HashMap<>();
            db.jdbi().withHandle(h -> h.createQuery("SELECT id, status FROM submissions").map((rs, c) -> status.put(rs.getLong(1), rs.getString(2))).list());
            assertThat(status).as("no submission stays pending").doesNotContainValue("PENDING");
            assertThat(acknowledged).as("small uploads acknowledged before the kill").isNotEmpty();
            for (long id : acknowledged) assertThat(status.get(id)).as("acknowledged upload " + id).isEqualTo("GRADED");
            List<Map<String, Object>> jobs = db.jdbi().withHandle(h -> h.createQuery("SELECT id, state, exit_reason FROM jobs").mapToMap().list());
            assertThat(jobs).hasSize(SLEEPERS + 1).allSatisfy(j -> {
                assertThat(j.get("state")).as("job %s", j).isIn("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED");
                if (!"SUCCEEDED".equals(j.get("state"))) assertThat((String) j.get("exit_reason")).as("job %s", j).isNotBlank();
            });
        }
    }

    /** Waits until {@code n} test-sleep jobs have started (each writes runs.txt in its folder first). */
    private static void awaitStarted(Path jobs, int n) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            if (Files.isDirectory(jobs)) {
                try (Stream<Path> dirs = Files.list(jobs)) {
                    if (dirs.filter(d -> Files.exists(d.resolve("runs.txt"))).count() >= n) return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(n + " jobs did not start within 90 s");
    }

    /** Waits until the exercise's panel (from {@code anchor} on) shows no pending submission. */
    private static void awaitNoPending(TestClient c, String page, String anchor) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String panel = "";
        while (System.nanoTime() < end) {
            String body = c.get(page).body();
            panel = body.substring(body.indexOf(anchor));
            if (!panel.contains(">pending<")) return;
            Thread.sleep(500);
        }
        throw new AssertionError("still pending after 120 s: " + panel);
    }

    private static TestClient signedIn(ServerProcess server) {
        TestClient c = new TestClient(server::url);
        c.signIn("ada@uni.edu", TestServer.PASSWORD);
        return c;
    }

    private static String leftToday(String html) {
        Matcher m = Pattern.compile("class=\"left-today\">(\\d+)<").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Waits until the upload's file is in its place (written whole, not yet graded). */
    private static void awaitFile(Path dir, Future<?> upload) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(f -> f.toString().endsWith(".csv"))) return;
                }
            }
            if (upload.isDone()) throw new AssertionError("the upload ended before its file was seen: " + upload);
            Thread.sleep(1);
        }
        throw new AssertionError("no uploaded file in " + dir);
    }

    /** The real reverse-dictionary lab and lessons, and lab "big": one predictions exercise on a key of {@value #ITEMS} items. */
    private Path course() throws IOException {
        Path course = Files.createDirectories(tmp.resolve("course"));
        Path here = Path.of("").toAbsolutePath();
        Files.createDirectories(course.resolve("labs"));
        Files.createDirectories(course.resolve("grader"));
        Files.createSymbolicLink(course.resolve("lessons"), here.resolve("lessons"));
        Files.createSymbolicLink(course.resolve("static"), here.resolve("static"));
        Files.createSymbolicLink(course.resolve("labs/reverse-dictionary"), here.resolve("labs/reverse-dictionary"));
        Files.createSymbolicLink(course.resolve("grader/reverse-dictionary"), here.resolve("grader/reverse-dictionary"));
        Path lab = Files.createDirectories(course.resolve("labs/big"));
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Europe/Berlin"));
        Files.writeString(lab.resolve("README.md"), "# Big\n");
        Files.writeString(lab.resolve("lab.yaml"), """
                title: Big
                module: representations
                opens: %s
                deadline: %s
                closes: %s
                timezone: Europe/Berlin
                exercises:
                  - id: cls
                    title: Classify
                    kind: predictions
                    metric: accuracy
                    points: 1
                    daily_limit: 2
                    total_limit: 10
                  - id: small
                    title: Classify a little
                    kind: predictions
                    metric: accuracy
                    points: 1
                    daily_limit: 100
                    total_limit: 100
                  - id: sleep
                    title: Sleep
                    kind: job
                    job:
                      kind: test-sleep
                      parameters:
                        seconds: {type: number, min: 0, max: 60, default: 15, description: "how long the job sleeps"}
                    metric: accuracy
                    points: 1
                    daily_limit: 10
                    total_limit: 10
                """.formatted(f.format(now.minusDays(1)), f.format(now.plusDays(30)), f.format(now.plusDays(37))));
        Path hidden = Files.createDirectories(course.resolve("grader/big"));
        Files.writeString(hidden.resolve("grading.yaml"), "exercises:\n  cls:\n    key: key.jsonl\n  small:\n    key: small.jsonl\n"
                + "  sleep:\n    key: small.jsonl\n");
        Files.writeString(hidden.resolve("small.jsonl"), "{\"id\":\"q0\",\"gold\":\"a\"}\n{\"id\":\"q1\",\"gold\":\"b\"}\n{\"id\":\"q2\",\"gold\":\"b\"}\n");
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < ITEMS; i++) key.append("{\"id\":\"q").append(i).append("\",\"gold\":\"a\"}\n");
        Files.writeString(hidden.resolve("key.jsonl"), key);
        return course;
    }

    private static String predictions() {
        StringBuilder sb = new StringBuilder("id,prediction\n");
        for (int i = 0; i < ITEMS; i++) sb.append('q').append(i).append(",a\n");
        return sb.toString();
    }
}
