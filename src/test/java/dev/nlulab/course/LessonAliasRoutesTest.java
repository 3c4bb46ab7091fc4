package dev.nlulab.course;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An author renames a lesson under a running server and lists its former id in {@code aliases}: the old URL
 * redirects, and what students did on the lesson (answers, shown keys, progress) is on the renamed page.
 */
class LessonAliasRoutesTest {
    static final String OLD = "representations/01-tokenization";
    static final String NEW = "representations/06-tokens";
    @TempDir static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        CourseSite.make(dir);
        server = TestServer.start(Map.of("course.dir", dir.toString()), List.of());
    }

    @AfterAll
    static void stop() { server.close(); }

    static HttpResponse<String> post(TestClient c, String path, String body) {
        return c.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("X-CSRF-Token", c.csrfToken()).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aRenamedLessonKeepsItsStudentsAndItsOldLinks() throws Exception {
        TestClient student = server.signedIn("renamed@uni.edu", Role.STUDENT);
        assertThat(student.get("/lessons/" + OLD).statusCode()).isEqualTo(200);
        assertThat(post(student, "/api/quiz/" + OLD + "/q-merge", "answer=1").statusCode()).isEqualTo(200);
        assertThat(post(student, "/api/quiz/" + OLD + "/q-count/reveal", "").statusCode()).isEqualTo(200);
        assertThat(student.get("/lessons/" + NEW).statusCode()).isEqualTo(404);

        Path lessons = dir.resolve("lessons");
        Path old = lessons.resolve(OLD + ".md");
        Files.writeString(lessons.resolve(NEW + ".md"), Files.readString(old).replaceFirst("---\n", "---\naliases: [" + OLD + "]\n"));
        Files.delete(old);

        HttpResponse<String> moved = student.get("/lessons/" + OLD + "?from=bookmark");
        for (long until = System.nanoTime() + 10_000_000_000L; moved.statusCode() != 301 && System.nanoTime() < until; ) {
            Thread.sleep(200);                                    // the catalog looks at the files at most once a second
            moved = student.get("/lessons/" + OLD + "?from=bookmark");
        }
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).hasValue("/lessons/" + NEW + "?from=bookmark");

        // 02-attention still names the old id, in a link and as a prerequisite: both go to the renamed page
        assertThat(student.get("/lessons/representations/02-attention").body())
                .contains("<a href=\"/lessons/" + NEW + "\">Tokenization</a>", "href=\"/lessons/" + NEW + "#subword-units\"");

        String page = student.get("/lessons/" + NEW).body();
        assertThat(page).contains("<form class=\"quiz answered\" data-lesson=\"" + NEW + "\" data-question=\"q-merge\"",
                "1 of 4 questions right");

        // a page opened before the rename posts to the old id: the answer counts for the renamed lesson
        HttpResponse<String> late = post(student, "/api/quiz/" + OLD + "/q-units", "answer=0&answer=1");
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(late.body()).get("progress").get("correct").asInt()).isEqualTo(2);
        assertThat(student.get("/lessons/" + NEW).body()).contains("2 of 4 questions right");
        assertThat(student.get("/course").body()).contains("2/4 right");
        int leftUnderOld = server.platform.db().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM quiz_attempts WHERE lesson_id = :l").bind("l", OLD).mapTo(Integer.class).one());
        assertThat(leftUnderOld).isZero();

        assertThat(student.get("/lessons/representations/01-nothing-was-here").statusCode()).isEqualTo(404);
    }
}
