package dev.nlulab.course;

import dev.nlulab.identity.Role;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lesson pages served from memory are the pages the template renders for that person: two servers on one
 * database, one sharing pages ({@code lesson.pages.shared}) and one rendering each request, must answer
 * the same session with the same bytes, whoever asks and whatever they answered before.
 */
class LessonPagesTest {
    static final String TOKENIZATION = "/lessons/representations/01-tokenization";
    static final String ATTENTION = "/lessons/representations/02-attention";
    static final String DEAD_LINK = "/lessons/" + CourseSite.DEAD_LINK_LESSON;
    @TempDir static Path dir;
    static TestServer shared;
    static TestServer rendered;

    @BeforeAll
    static void start() {
        CourseSite.make(dir);
        String db = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        shared = TestServer.start(Map.of("course.dir", dir.toString(), "db.url", db), List.of());
        rendered = TestServer.start(Map.of("course.dir", dir.toString(), "db.url", db, "lesson.pages.shared", "false"), List.of());
    }

    @AfterAll
    static void stop() {
        shared.close();
        rendered.close();
    }

    /** A person signed in on the sharing server, with a name that needs escaping. */
    static TestClient person(String email, String name, Role role) {
        shared.platform.accounts().createUser(email, name, TestServer.PASSWORD, role);
        TestClient c = new TestClient(shared);
        c.signIn(email, TestServer.PASSWORD);
        return c;
    }

    /** A GET with {@code who}'s session cookie alone. */
    static HttpResponse<byte[]> get(TestServer server, TestClient who, String path, String acceptEncoding) {
        return send(server, "GET", path, "nlulab_session=" + who.cookie("nlulab_session"), acceptEncoding);
    }

    /** The page from memory, asked for twice (the second time from the student's kept part), and as rendered. */
    static String assertSamePage(TestClient who, String path) {
        byte[] first = get(shared, who, path, null).body();
        HttpResponse<byte[]> again = get(shared, who, path, null);
        HttpResponse<byte[]> reference = get(rendered, who, path, null);
        assertThat(reference.statusCode()).isEqualTo(200);
        String expected = new String(reference.body(), StandardCharsets.UTF_8);
        assertThat(new String(first, StandardCharsets.UTF_8)).as(path).isEqualTo(expected);
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).as(path).isEqualTo(expected);
        assertThat(again.headers().firstValue("Content-Length")).as("sent whole, not in chunks").contains(Integer.toString(again.body().length));
        return expected;
    }

    /** Answers a question (or, with no values, asks for its answer) on the sharing server, as the page's script does. */
    static void answer(TestClient c, String question, String... values) {
        String body = java.util.Arrays.stream(values).map(v -> "answer=" + java.net.URLEncoder.encode(v, StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        String path = "/api/quiz/" + question + (values.length == 0 ? "/reveal" : "");
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(shared.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("X-CSRF-Token", c.csrfToken()).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aStudentsPageIsTheRenderedOneBeforeAndAfterEachKindOfAnswer() {
        TestClient ada = person("ada@uni.edu", "Ada <b>&amp; \"O'Neil\"", Role.STUDENT);
        String before = assertSamePage(ada, TOKENIZATION);
        assertThat(before).contains("Ada &lt;b&gt;&amp;amp;", "0 of 4 questions right").doesNotContain("<b>&amp;");

        ada.get(TOKENIZATION);
        answer(ada, "representations/01-tokenization/q-merge", "1");          // right
        answer(ada, "representations/01-tokenization/q-units", "0");          // wrong
        answer(ada, "representations/01-tokenization/q-name", "ada-wrote-this");
        answer(ada, "representations/01-tokenization/q-count");                // "Show the answer"
        String after = assertSamePage(ada, TOKENIZATION);
        assertThat(after).contains("1 of 4 questions right", "value=\"ada-wrote-this\"", "class=\"quiz answered\"")
                .contains(ada.csrfToken());

        // a lesson without questions is done when visited, on the first view already
        assertThat(assertSamePage(ada, ATTENTION)).contains("Lesson done").doesNotContain("done-note hidden");
    }

    @Test
    void anotherStudentNeverSeesWhatTheFirstAnsweredOrWhoTheyAre() {
        TestClient cy = person("cy@uni.edu", "Cy First", Role.STUDENT);
        cy.get(TOKENIZATION);
        answer(cy, "representations/01-tokenization/q-merge", "1");
        answer(cy, "representations/01-tokenization/q-name", "cy-secret-answer");
        assertThat(assertSamePage(cy, TOKENIZATION)).contains("cy-secret-answer");

        TestClient dee = person("dee@uni.edu", "Dee Second", Role.STUDENT);
        String page = assertSamePage(dee, TOKENIZATION);
        assertThat(page).contains("Dee Second", "0 of 4 questions right", dee.csrfToken())
                .doesNotContain("cy-secret-answer", "Cy First", cy.csrfToken(), "class=\"quiz answered\"");
        // and the first student's page, asked for after the second one's, is still their own
        assertThat(new String(get(shared, cy, TOKENIZATION, null).body(), StandardCharsets.UTF_8))
                .contains("cy-secret-answer", "Cy First").doesNotContain("Dee Second", dee.csrfToken());
    }

    @Test
    void theCourseOverviewFromMemoryIsTheRenderedOneAndFollowsTheStudentsOwnProgressAtOnce() {
        TestClient fay = person("fay.overview@uni.edu", "Fay <i>Overview</i>", Role.STUDENT);
        double fromMemory = shared.pagesFromMemory("/course");
        String before = assertSamePage(fay, "/course");
        assertThat(shared.pagesFromMemory("/course")).as("asked for again, from memory").isGreaterThanOrEqualTo(fromMemory + 1);
        assertThat(before).contains("Fay &lt;i&gt;Overview", "0/4 right");

        get(shared, fay, TOKENIZATION, null);                                   // the visit, written on the sharing server
        answer(fay, "representations/01-tokenization/q-merge", "1");
        String after = assertSamePage(fay, "/course");
        assertThat(after).isNotEqualTo(before).contains("1/4 right");

        TestClient gus = person("gus.overview@uni.edu", "Gus Other", Role.STUDENT);
        assertThat(assertSamePage(gus, "/course")).contains("Gus Other", "0/4 right", gus.csrfToken())
                .doesNotContain("Fay &lt;i&gt;", "1/4 right", fay.csrfToken());
        assertThat(new String(get(shared, fay, "/course", null).body(), StandardCharsets.UTF_8)).contains("1/4 right").doesNotContain("Gus Other");
    }

    @Test
    void instructorsGetTheirOwnPageWithTheLessonsWarningsAndStudentsDoNot() {
        TestClient prof = person("prof@uni.edu", "Prof", Role.INSTRUCTOR);
        TestClient eve = person("eve@uni.edu", "Eve", Role.STUDENT);
        assertThat(assertSamePage(prof, DEAD_LINK)).contains("For instructors:", "05-missing.md", "/instructor/progress");
        assertThat(assertSamePage(eve, DEAD_LINK)).doesNotContain("For instructors:", "/instructor/progress");
        assertThat(assertSamePage(prof, DEAD_LINK)).contains("For instructors:");
    }

    /** How many lesson pages the sharing server answered from memory. */
    static double fromMemory() {
        return shared.pagesFromMemory("/lessons/{module}/{lesson}");
    }

    /** A request as a browser sends it, with no body; {@code cookies} and {@code acceptEncoding} left out when null. */
    static HttpResponse<byte[]> send(TestServer server, String method, String path, String cookies, String acceptEncoding) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).header("Accept", "text/html")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookies != null) b.header("Cookie", cookies);
        if (acceptEncoding != null) b.header("Accept-Encoding", acceptEncoding);
        try {
            return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response's headers, names in lower case, without the date and how the body is framed (a length, or chunks). */
    static Map<String, List<String>> headers(HttpResponse<?> r) {
        Map<String, List<String>> h = new java.util.TreeMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
        h.keySet().removeAll(List.of("date", "content-length", "transfer-encoding"));
        return h;
    }

    @Test
    void aKeptPageIsAnsweredAheadOfTheApplicationWithTheApplicationsBytesAndHeaders() throws IOException {
        TestClient hal = person("hal@uni.edu", "Hal", Role.STUDENT);
        get(shared, hal, TOKENIZATION, null);                                   // kept from here on
        double before = fromMemory();
        HttpResponse<byte[]> kept = get(shared, hal, TOKENIZATION, null);
        assertThat(fromMemory()).as("answered from memory").isEqualTo(before + 1);
        HttpResponse<byte[]> reference = get(rendered, hal, TOKENIZATION, null);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(new String(kept.body(), StandardCharsets.UTF_8)).isEqualTo(new String(reference.body(), StandardCharsets.UTF_8));
        assertThat(headers(kept)).isEqualTo(headers(reference));
        assertThat(kept.headers().firstValue("Content-Length")).as("sent whole").contains(Integer.toString(kept.body().length));

        HttpResponse<byte[]> gz = get(shared, hal, TOKENIZATION, "gzip");
        assertThat(fromMemory()).as("compressed, also from memory").isEqualTo(before + 2);
        HttpResponse<byte[]> gzReference = get(rendered, hal, TOKENIZATION, "gzip");
        assertThat(headers(gz).keySet()).isEqualTo(headers(gzReference).keySet());
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gz.headers().allValues("Vary")).isEqualTo(gzReference.headers().allValues("Vary"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(reference.body());
        }
    }

    @Test
    void requestsThatNeedTheApplicationGoToItAndGetItsAnswer() {
        TestClient ivy = person("ivy@uni.edu", "Ivy", Role.STUDENT);
        TestClient prof = person("prof.view@uni.edu", "Prof View", Role.INSTRUCTOR);
        String session = "nlulab_session=" + ivy.cookie("nlulab_session");
        get(shared, ivy, TOKENIZATION, null);
        get(shared, prof, DEAD_LINK, null);
        double before = fromMemory();
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("a flash message to show", new String[] {"GET", TOKENIZATION, session + "; nlulab_flash=Saved%21"});
        cases.put("HEAD", new String[] {"HEAD", TOKENIZATION, session});
        cases.put("no such lesson", new String[] {"GET", "/lessons/representations/99-nothing", session});
        cases.put("not signed in", new String[] {"GET", TOKENIZATION, null});
        cases.put("an unknown session", new String[] {"GET", TOKENIZATION, "nlulab_session=not-a-session"});
        cases.put("an encoded path", new String[] {"GET", "/lessons/representations/01-tokeniz%61tion", session});
        cases.put("a query", new String[] {"GET", TOKENIZATION + "?from=search", session});
        cases.put("a trailing slash", new String[] {"GET", TOKENIZATION + "/", session});
        cases.put("an instructor in the student's view", new String[] {"GET", DEAD_LINK,
                "nlulab_session=" + prof.cookie("nlulab_session") + "; nlulab_view=student"});
        cases.forEach((what, c) -> {
            HttpResponse<byte[]> r = send(shared, c[0], c[1], c[2], null);
            HttpResponse<byte[]> reference = send(rendered, c[0], c[1], c[2], null);
            assertThat(r.statusCode()).as(what).isEqualTo(reference.statusCode());
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(what).isEqualTo(new String(reference.body(), StandardCharsets.UTF_8));
        });
        assertThat(fromMemory()).as("none of them from memory").isEqualTo(before);
        assertThat(new String(send(shared, "GET", TOKENIZATION, session + "; nlulab_flash=Saved%21", null).body(), StandardCharsets.UTF_8)).contains("Saved!");
        assertThat(new String(send(shared, "GET", DEAD_LINK, "nlulab_session=" + prof.cookie("nlulab_session") + "; nlulab_view=student", null).body(),
                StandardCharsets.UTF_8)).doesNotContain("For instructors:");
    }

    @Test
    void aCompressedPageIsTheSamePage() throws IOException {
        TestClient fay = person("fay@uni.edu", "Fay", Role.STUDENT);
        String plain = assertSamePage(fay, TOKENIZATION);
        HttpResponse<byte[]> gz = get(shared, fay, TOKENIZATION, "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
        }
    }
}
