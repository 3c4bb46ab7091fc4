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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server in its own JVM, started from a folder of its own with a relative class path (as
 * {@code cd target && java -jar nlulab.jar serve} starts it), killed with SIGKILL while it grades an upload
 * and while a student's BM25 job runs, then started again on the same data.
 */
class KilledServerTest {
    static final int ITEMS = 200_000; // a key large enough that grading takes a moment to catch

    @TempDir
    Path tmp;

    @Test
    void afterKillMinus9NoSubmissionStaysPendingAndJobsOfARelativeClassPathServerAreGraded() throws Exception {
        Path course = course();
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path run = Files.createDirectories(tmp.resolve("run")); // the server's working folder: not the course, not the data
        Map<String, String> settings = Map.of("data.dir", data.toString(), "course.dir", course.toString(),
                "model.dir", tmp.resolve("no-model").toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        long student;
        try (Database db = Database.open(Settings.of(settings))) {
            AccountService accounts = new AccountService(db.jdbi(), Clock.systemUTC(), Duration.ofHours(1));
            accounts.createUser("first@uni.edu", "first", TestServer.PASSWORD, Role.ADMIN);
            student = accounts.createUser("ada@uni.edu", "ada", TestServer.PASSWORD, Role.STUDENT).id();
        }

        ServerProcess first = ServerProcess.start(run, settings);
        try {
            TestClient ada = signedIn(first);
            ada.get("/labs/reverse-dictionary");
            assertThat(ada.post("/labs/reverse-dictionary/bm25/jobs", Map.of("k1", "1.2", "b", "0.75", "examples", "true",
                    "hypernyms", "true", "other_senses", "true", "dev", "false")).statusCode()).isIn(200, 303);
            ada.get("/labs/big");
            CompletableFuture<?> upload = CompletableFuture.runAsync(() -> ada.upload("/labs/big/cls/submissions", "predictions",
                    "predictions.csv", predictions().getBytes(StandardCharsets.UTF_8)));
            Path kept = data.resolve("uploads/big/cls/" + student);
            awaitFile(kept, upload);
            first.kill(); // the file is in place and being graded
            upload.handle((r, e) -> null).get();
        } finally {
            first.kill();
        }
        try (Database db = Database.open(Settings.of(settings))) {
            List<String> left = db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM submissions WHERE kind = 'predictions'")
                    .mapTo(String.class).list());
            assertThat(left).as("what the kill left").containsExactly("PENDING");
        }

        try (ServerProcess second = ServerProcess.start(run, settings)) {
            TestClient ada = signedIn(second);
            String big = ada.get("/labs/big").body();
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
        }
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
    private static void awaitFile(Path dir, CompletableFuture<?> upload) throws IOException, InterruptedException {
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
                """.formatted(f.format(now.minusDays(1)), f.format(now.plusDays(30)), f.format(now.plusDays(37))));
        Path hidden = Files.createDirectories(course.resolve("grader/big"));
        Files.writeString(hidden.resolve("grading.yaml"), "exercises:\n  cls:\n    key: key.jsonl\n");
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
