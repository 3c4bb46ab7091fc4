package dev.nlulab.web;

import dev.nlulab.cli.RushLab;
import dev.nlulab.identity.Role;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The private PostgreSQL that bin/test runs is stopped under a running platform and started again (bin/test hands
 * over its pg_ctl as nlulab.test.pg.ctl): while it is down, pages, uploads, the JSON API and /healthz answer 503 with
 * a message and no stack trace, and nothing is stored; once it is back, the same platform (not restarted) serves
 * the same signed-in student and takes her upload, its pool having replaced the connections the restart broke.
 */
class DatabaseRestartTest {
    @TempDir
    Path tmp;

    @Test
    void requestsFailWithA503WhileTheDatabaseIsDownAndSucceedAfterItsRestart() throws Exception {
        String ctl = System.getProperty("nlulab.test.pg.ctl", "");
        String pg = TestDatabases.postgresUrlOrNull();
        Assumptions.assumeTrue(pg != null && !ctl.isBlank(), "needs bin/test's PostgreSQL and its pg_ctl");
        RushLab lab = new RushLab("restart", 10, 10);
        try (TestServer server = TestServer.start(Map.of("db.url", pg, "db.user", "nlulab", "db.password", "nlulab",
                "db.wait.ms", "2000", "course.dir", lab.writeCourse(tmp.resolve("course"), Path.of("")).toString(),
                "model.dir", tmp.resolve("no-model").toString()), List.of())) {
            TestClient ada = server.signedIn("ada@uni.edu", Role.STUDENT);
            assertThat(ada.get("/labs/restart").statusCode()).isEqualTo(200);
            assertThat(uploaded(ada, lab)).as("an upload before the restart").isTrue();

            pgCtl(ctl, "-m", "fast", "-w", "stop");
            try {
                for (String path : List.of("/labs/restart", "/course", "/jobs")) {
                    HttpResponse<String> page = ada.get(path);
                    assertThat(page.statusCode()).as(path + " while the database is down").isEqualTo(503);
                    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
                    assertThat(page.body()).contains("database is not answering").doesNotContain("Exception", "at dev.nlulab", "incident");
                }
                HttpResponse<String> upload = ada.upload(lab.uploadPath(), "predictions", "p.csv", RushLab.PREDICTIONS);
                assertThat(upload.statusCode()).as("an upload while the database is down: %s", upload.body()).isEqualTo(503);
                assertThat(upload.body()).contains("Nothing from this request was saved");
                HttpResponse<String> json = ada.send(HttpRequest.newBuilder(URI.create(server.url("/api/quiz/representations/01-tokenization/bpe-first-merge")))
                        .header("Accept", "application/json").header("X-CSRF-Token", ada.csrfToken())
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("answer=0")).build());
                assertThat(json.statusCode()).as("a quiz answer while the database is down: %s", json.body()).isEqualTo(503);
                assertThat(json.body()).startsWith("{").contains("database is not answering");
                assertThat(new TestClient(server).get("/healthz").statusCode()).isEqualTo(503);
            } finally {
                pgCtl(ctl, "-w", "start");
            }

            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (System.nanoTime() < end && (status = ada.get("/labs/restart").statusCode()) != 200) Thread.sleep(250);
            assertThat(status).as("the lab page after the restart, same server, same session").isEqualTo(200);
            assertThat(uploaded(ada, lab)).as("an upload after the restart").isTrue();
            assertThat(new TestClient(server).get("/healthz").statusCode()).isEqualTo(200);
            List<String> stored = server.platform.db().jdbi().withHandle(h -> h.createQuery("SELECT status FROM submissions")
                    .mapTo(String.class).list());
            assertThat(stored).as("the uploads before and after; none from the outage").containsExactly("GRADED", "GRADED");
        }
    }

    private static boolean uploaded(TestClient c, RushLab lab) {
        HttpResponse<String> r = c.upload(lab.uploadPath(), "predictions", "p.csv", RushLab.PREDICTIONS);
        return r.statusCode() == 303 && r.headers().firstValue("Location").orElse("").contains("submission=");
    }

    private static void pgCtl(String ctl, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ctl.trim().split("\\s+")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
