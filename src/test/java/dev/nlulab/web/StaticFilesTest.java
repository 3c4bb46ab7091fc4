package dev.nlulab.web;

import dev.nlulab.course.CourseSite;
import dev.nlulab.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static files: sent whole with their length and validators, kept by browsers for a year when asked for
 * by the versioned link a page gives (which changes when the file does), revalidated otherwise; never a
 * session lookup or a cookie, and the same security headers as every page.
 */
class StaticFilesTest {
    static final Pattern CSS_LINK = Pattern.compile("href=\"(/static/css/app\\.css\\?v=([0-9a-f]{10}))\"");
    @TempDir static Path dir;
    static TestServer server;
    static TestClient student;

    @BeforeAll
    static void start() throws IOException {
        CourseSite.make(dir);
        // a static folder of the course's own, so that a file can be edited
        Files.delete(dir.resolve("static"));
        Path real = Path.of("static").toAbsolutePath();
        try (var files = Files.walk(real)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve("static").resolve(real.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        server = TestServer.start(Map.of("course.dir", dir.toString()), List.of());
        student = server.signedIn("sam@uni.edu", Role.STUDENT);
    }

    @AfterAll
    static void stop() { server.close(); }

    static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return student.send(b.build());
    }

    static Matcher cssLink() {
        Matcher m = CSS_LINK.matcher(student.get("/course").body());
        assertThat(m.find()).as("the page links the stylesheet with its version").isTrue();
        return m;
    }

    @Test
    void aVersionedLinkIsKeptForAYearAndAnyOtherIsRevalidated() {
        String versioned = cssLink().group(1);
        HttpResponse<String> r = get(versioned);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(r.headers().firstValue("Content-Length")).contains(Long.toString(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/css");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'self'");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();

        for (String other : List.of("/static/css/app.css", "/static/css/app.css?v=0000000000")) {
            assertThat(get(other).headers().firstValue("Cache-Control")).as(other).contains("no-cache");
        }
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/static/css/app.css", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void anEditedFileGetsANewVersionInThePages() throws Exception {
        Path js = dir.resolve("static/js/app.js");
        String before = version(student.get("/course").body());
        Files.writeString(js, Files.readString(js) + "\n// edited\n");
        Files.setLastModifiedTime(js, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Thread.sleep(1100);                                              // versions are looked at once a second
        String after = version(student.get("/course").body());
        assertThat(after).isNotEqualTo(before);
        assertThat(get("/static/js/app.js?v=" + before).headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(get("/static/js/app.js?v=" + after).headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
    }

    private static String version(String page) {
        return Pattern.compile("/static/js/app\\.js\\?v=([0-9a-f]{10})").matcher(page).results().findFirst().orElseThrow().group(1);
    }

    @Test
    void noDirectoryListingAndNothingOutsideTheFolder() {
        assertThat(get("/static/css/").statusCode()).isNotEqualTo(200);
        assertThat(get("/static/").statusCode()).isNotEqualTo(200);
        assertThat(get("/static/no-such-file.css").statusCode()).isEqualTo(404);
    }
}
