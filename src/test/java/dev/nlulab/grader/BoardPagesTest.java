package dev.nlulab.grader;

import dev.nlulab.identity.Role;
import dev.nlulab.testkit.MutableClock;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Students' leaderboards served from memory are the pages the template renders for them: two servers on one
 * database, one keeping boards ({@code leaderboard.pages.shared}) and one rendering each request, answer the
 * same session with the same page, for every board asked for, right after a grading and an extension made on
 * the keeping server. Under pseudonyms a student's name shows on their own page only.
 */
class BoardPagesTest {
    static final String OPEN = "/labs/open/cls/leaderboard";
    static final String PAST = "/labs/past/cls/leaderboard";
    static LabCourseFixture course;
    static TestServer kept;
    static TestServer rendered;
    static final MutableClock clock = new MutableClock(Instant.now());
    static String db;
    static int students;

    @BeforeAll
    static void start() {
        course = new LabCourseFixture();
        db = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        kept = TestServer.start(Map.of("course.dir", course.course.toString(), "db.url", db), List.of(), clock);
        rendered = TestServer.start(Map.of("course.dir", course.course.toString(), "db.url", db, "leaderboard.pages.shared", "false"), List.of());
    }

    @AfterAll
    static void stop() {
        kept.close();
        rendered.close();
    }

    static final Map<TestClient, Long> ids = new java.util.concurrent.ConcurrentHashMap<>();

    static TestClient student(String name) {
        String email = "board" + (++students) + "@uni.edu";
        long id = kept.platform.accounts().createUser(email, name, TestServer.PASSWORD, Role.STUDENT).id();
        TestClient c = new TestClient(kept);
        c.signIn(email, TestServer.PASSWORD);
        ids.put(c, id);
        return c;
    }

    static void upload(TestClient c, String lab, byte[] file) {
        c.get("/labs/" + lab);
        HttpResponse<String> posted = c.upload("/labs/" + lab + "/cls/submissions", "predictions", "predictions.csv", file);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
    }

    static String get(TestServer server, TestClient who, String path) {
        try {
            return page(path, HttpClient.newHttpClient().send(request(server, who, path), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #get}, answered later. */
    static CompletableFuture<String> ask(TestServer server, TestClient who, String path) {
        return HttpClient.newHttpClient().sendAsync(request(server, who, path), HttpResponse.BodyHandlers.ofString()).thenApply(a -> page(path, a));
    }

    private static HttpRequest request(TestServer server, TestClient who, String path) {
        return HttpRequest.newBuilder(URI.create(server.url(path))).header("Accept", "text/html")
                .header("Cookie", "nlulab_session=" + who.cookie("nlulab_session")).build();
    }

    private static String page(String path, HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    /** The database as another connection holding it exclusively: every query of the servers waits until it is closed. */
    static Connection pauseDatabase() throws SQLException {
        Connection c = DriverManager.getConnection(db, "sa", "");
        c.createStatement().execute("SET EXCLUSIVE 1");
        return c;
    }

    /** The requests answered within {@code seconds}, waiting no longer once {@code count} of them are. */
    static List<String> answered(List<CompletableFuture<String>> asks, int count, double seconds) throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        while (asks.stream().filter(CompletableFuture::isDone).count() < count && System.nanoTime() < until) Thread.sleep(10);
        return asks.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
    }

    /** The page from memory, asked for twice, equals the one rendered for the same session; returns it. */
    static String assertSamePage(TestClient who, String path) {
        String first = get(kept, who, path);
        String again = get(kept, who, path);
        String expected = get(rendered, who, path);
        assertThat(first).as(path).isEqualTo(expected);
        assertThat(again).as(path).isEqualTo(expected);
        return expected;
    }

    @Test
    void everyBoardFromMemoryIsTheRenderedOneAndAGradingShowsAtOnce() {
        TestClient ann = student("Ann Apple");
        TestClient ben = student("Ben <b>Bold</b>");
        TestClient cat = student("Cat Onlooker");
        upload(ann, "open", LabCourseFixture.predictions(i -> i % 2 == 0));
        upload(ben, "open", LabCourseFixture.predictions(i -> i % 3 == 0));
        for (String which : List.of("", "?board=public", "?board=final", "?board=other")) {
            assertSamePage(ann, OPEN + which);
            assertSamePage(ben, OPEN + which);
            assertSamePage(cat, OPEN + which);
        }
        double fromMemory = kept.pagesFromMemory("/labs/{lab}/{exercise}/leaderboard");
        String before = assertSamePage(ann, OPEN);
        assertThat(kept.pagesFromMemory("/labs/{lab}/{exercise}/leaderboard")).as("a kept board, from memory").isGreaterThanOrEqualTo(fromMemory + 1);
        assertThat(before).contains("Ann Apple", "class=\"pill\">you<").doesNotContain("Ben &lt;b&gt;");
        assertThat(assertSamePage(ben, OPEN)).contains("Ben &lt;b&gt;Bold&lt;/b&gt;").doesNotContain("Ann Apple");
        assertThat(assertSamePage(cat, OPEN)).doesNotContain("Ann Apple", "Ben &lt;b&gt;", "class=\"pill\">you<");

        upload(ann, "open", LabCourseFixture.predictions(i -> true));   // graded on the keeping server: a better score
        String after = assertSamePage(ann, OPEN);
        assertThat(after).isNotEqualTo(before).contains("1.0000");
        assertThat(assertSamePage(ben, OPEN)).contains("1.0000").doesNotContain("Ann Apple");
        // and Ann's page, asked for after Ben's, is still her own
        assertThat(get(kept, ann, OPEN)).contains("Ann Apple").doesNotContain("Ben &lt;b&gt;");
    }

    @Test
    void privateScoresShowOnlyOnceRevealedAndAnExtensionHidesThemAgainAtOnce() {
        TestClient dan = student("Dan Past");
        TestClient eva = student("Eva Past");
        // dan: right on the public half only; eva: right on the private half only
        upload(dan, "past", LabCourseFixture.predictions(i -> LabCourseFixture.isPublic("past", "cls", i)));
        upload(eva, "past", LabCourseFixture.predictions(i -> !LabCourseFixture.isPublic("past", "cls", i)));
        assertThat(assertSamePage(eva, PAST)).contains("Final leaderboard", "class=\"pill\">you<");
        assertSamePage(dan, PAST + "?board=public");

        TestClient prof = kept.signedIn("board-prof@uni.edu", Role.INSTRUCTOR);
        prof.get("/labs/past/cls/submissions");
        long eveId = ids.get(eva);
        String later = LocalDateTime.now(ZoneOffset.UTC).plusDays(2).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        HttpResponse<String> granted = prof.post("/labs/past/cls/extensions", Map.of("user", Long.toString(eveId), "deadline", later));
        assertThat(granted.statusCode()).isEqualTo(303);

        for (TestClient who : List.of(dan, eva)) {
            String page = assertSamePage(who, PAST);
            assertThat(page).contains("Public leaderboard").doesNotContain("Final leaderboard");
            assertThat(assertSamePage(who, PAST + "?board=final")).contains("is shown from").doesNotContain("Final leaderboard");
        }
    }

    /** Once a kept board is old and nothing else changed, one request renders it and the others do not wait for that. */
    @Test
    void aBoardOnlyOldIsAnsweredFromMemoryWhileOneRequestRendersItAgain() throws Exception {
        TestClient fay = student("Fay First");
        upload(fay, "open", LabCourseFixture.predictions(i -> i % 5 == 0));
        String before = assertSamePage(fay, OPEN);
        kept.platform.accounts().createUser("board-elsewhere@uni.edu", "Gil Elsewhere", TestServer.PASSWORD, Role.STUDENT);
        TestClient gil = new TestClient(rendered);
        gil.signIn("board-elsewhere@uni.edu", TestServer.PASSWORD);
        upload(gil, "open", LabCourseFixture.predictions(i -> i % 4 == 0));   // graded on the other server
        assertThat(get(kept, fay, OPEN)).as("a grading elsewhere is not known here until the kept board is old").isEqualTo(before);

        clock.advance(BoardPages.REMEMBERED.plusSeconds(1));
        List<CompletableFuture<String>> asks;
        try (Connection paused = pauseDatabase()) {
            asks = Stream.generate(() -> ask(kept, fay, OPEN)).limit(3).toList();
            assertThat(answered(asks, 2, 5)).as("answered from memory while one request renders the board").hasSize(2).containsOnly(before);
        }
        String renderedAgain = asks.stream().filter(a -> !a.isDone()).findFirst().orElseThrow().get(10, TimeUnit.SECONDS);
        String now = get(rendered, fay, OPEN);
        assertThat(renderedAgain).isEqualTo(now).isNotEqualTo(before);
        assertThat(get(kept, fay, OPEN)).isEqualTo(now);
    }

    /** After a grading on this server the readers wait for the new board, though the kept one is old as well. */
    @Test
    void aGradingOnThisServerIsWaitedForEvenWhenTheKeptBoardIsOldToo() throws Exception {
        TestClient hal = student("Hal Here");
        upload(hal, "open", LabCourseFixture.predictions(i -> i % 7 == 0));
        String before = assertSamePage(hal, OPEN);
        clock.advance(BoardPages.REMEMBERED.plusSeconds(1));
        upload(hal, "open", LabCourseFixture.predictions(i -> i % 7 != 0));   // a better score, graded here
        List<CompletableFuture<String>> asks;
        try (Connection paused = pauseDatabase()) {
            asks = Stream.generate(() -> ask(kept, hal, OPEN)).limit(3).toList();
            assertThat(answered(asks, 1, 1)).as("no one is answered the board from before the grading").isEmpty();
        }
        String now = get(rendered, hal, OPEN);
        assertThat(now).isNotEqualTo(before);
        for (CompletableFuture<String> a : asks) assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(now);
    }
}
