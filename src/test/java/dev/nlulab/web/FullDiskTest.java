package dev.nlulab.web;

import dev.nlulab.cli.Platform;
import dev.nlulab.cli.RushLab;
import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import dev.nlulab.jobs.TestKinds;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data folder (uploads, job folders) on a small disk of its own (a tmpfs mounted for the test; root can), the
 * database on another, filled to the last byte while the server runs: an upload gets the 507 page that says so and
 * costs nothing, no partial file stays, pages are still served; once space is freed uploads are taken again, and
 * a restarted server finds every row.
 */
class FullDiskTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDataDiskGivesA507CostsNothingLeavesNoPartAndTheServerKeepsServing() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (TmpfsDisk disk = TmpfsDisk.mount(data, "64m")) {
            RushLab lab = new RushLab("disk", 10, 10, TestKinds.SLEEP_EXERCISE);
            Map<String, String> settings = settings(tmp, data, lab, Map.of("jobs.tick.ms", "3600000"));
            try (Platform platform = Platform.start(Settings.of(settings))) {
                platform.accounts().createUser("prof@uni.edu", "prof", TestServer.PASSWORD, Role.INSTRUCTOR);
                platform.accounts().createUser("ada@uni.edu", "ada", TestServer.PASSWORD, Role.STUDENT);
                TestClient ada = new TestClient(p -> "http://localhost:" + platform.web().port() + p);
                ada.signIn("ada@uni.edu", TestServer.PASSWORD);
                ada.get("/labs/disk");
                assertThat(taken(ada.upload(lab.uploadPath(), "predictions", "p.csv", RushLab.PREDICTIONS))).isTrue();

                disk.fill();
                HttpResponse<String> full = ada.upload(lab.uploadPath(), "predictions", "p.csv", big());
                assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
                assertThat(full.body()).contains("disk is full").contains("costs no submission").doesNotContain("Exception", "incident");
                HttpResponse<String> job = ada.post("/labs/disk/sleep/jobs", Map.of("seconds", "1"));
                assertThat(job.statusCode()).as("a job started on a full disk: %s", job.body()).isIn(303, 507);
                assertThat(ada.get("/lessons/representations/01-tokenization").statusCode()).as("a lesson on a full disk").isEqualTo(200);
                assertThat(ada.get("/labs/disk").statusCode()).as("the lab page on a full disk").isEqualTo(200);
                assertThat(parts(data)).as("partial files left on the full disk").isEmpty();

                disk.free();
                assertThat(taken(ada.upload(lab.uploadPath(), "predictions", "p.csv", RushLab.PREDICTIONS))).as("an upload once there is room").isTrue();
                String page = ada.get("/labs/disk").body();
                assertThat(page).contains("class=\"left-today\">8<");
            }
            try (Platform again = Platform.start(Settings.of(settings))) {
                List<String> stored = again.db().jdbi().withHandle(h -> h.createQuery(
                        "SELECT status FROM submissions WHERE exercise_id = 'cls' ORDER BY id").mapTo(String.class).list());
                assertThat(stored).as("the database after the full disk and a restart").containsExactly("GRADED", "NOT_GRADABLE", "GRADED");
            }
        }
    }

    /**
     * A platform's settings on {@code lab} with its data folder on {@code data} and its database on another disk, as
     * PostgreSQL would be: H2 in the full folder closes itself (see docs/security.md).
     */
    static Map<String, String> settings(Path tmp, Path data, RushLab lab, Map<String, String> more) throws IOException {
        Map<String, String> s = new java.util.HashMap<>(Map.of("port", "0", "data.dir", data.toString(), "db.url", TestDatabases.h2Url(),
                "course.dir", lab.writeCourse(tmp.resolve("course"), Path.of("")).toString(), "model.dir", tmp.resolve("no-model").toString()));
        s.putAll(more);
        return s;
    }

    private static boolean taken(HttpResponse<String> r) {
        return r.statusCode() == 303 && r.headers().firstValue("Location").orElse("").contains("submission=");
    }

    /** A predictions file larger than any slack the file system keeps. */
    private static byte[] big() {
        StringBuilder sb = new StringBuilder("id,prediction\n");
        for (int i = 0; i < 4; i++) sb.append('q').append(i).append(",a\n");
        while (sb.length() < 1 << 20) sb.append("#").append("x".repeat(100)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Path> parts(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
