package dev.nlulab.web;

import dev.nlulab.grader.LabCourseFixture;
import dev.nlulab.identity.Role;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL statements each page runs, counted by Jdbi as the server runs them (the job scheduler's own
 * statements left out). The counts do not grow with the course or the class: a query per lesson or per
 * row shows up here, by page, with the statements in the failure message.
 */
class PageStatementsTest {
    static final String LESSON = "/lessons/representations/01-tokenization";
    static final String BOARD = "/labs/open/cls/leaderboard";
    static final Queue<String> statements = new ConcurrentLinkedQueue<>();
    static LabCourseFixture course;
    static TestServer server;
    static int students;

    @BeforeAll
    static void start() {
        course = new LabCourseFixture().withLessons();
        server = TestServer.start(Map.of("course.dir", course.course.toString(), "jobs.tick.ms", "3600000"), List.of());
        server.platform.db().jdbi().getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext ctx) {
                if (!Thread.currentThread().getName().equals("job-scheduler")) statements.add(ctx.getRenderedSql().replaceAll("\\s+", " "));
            }
        });
    }

    @AfterAll
    static void stop() { server.close(); }

    static TestClient student() {
        return server.signedIn("student" + (++students) + "@uni.edu", Role.STUDENT);
    }

    /** The statements one request runs. */
    static List<String> statementsOf(TestClient c, String path) {
        statements.clear();
        HttpResponse<String> r = c.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return List.copyOf(statements);
    }

    static long writes(List<String> sql) {
        return sql.stream().map(s -> s.strip().toUpperCase(Locale.ROOT)).filter(s -> s.startsWith("INSERT") || s.startsWith("UPDATE") || s.startsWith("DELETE")).count();
    }

    @Test
    void aLessonReadAgainRunsNoStatementAndAnAnswerOnlyRereadsTheStudentsPart() {
        TestClient ada = student();
        List<String> first = statementsOf(ada, LESSON);
        assertThat(writes(first)).as("the visit: %s", first).isEqualTo(2);
        assertThat(first).as("the visit, the student's progress and quiz states").hasSize(5);
        assertThat(statementsOf(ada, LESSON)).as("read again").isEmpty();

        HttpResponse<String> answered = ada.send(HttpRequest.newBuilder(URI.create(server.url("/api/quiz/representations/01-tokenization/q-merge")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", ada.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString("answer=1")).build());
        assertThat(answered.statusCode()).isEqualTo(200);
        List<String> after = statementsOf(ada, LESSON);
        assertThat(writes(after)).as("no visit written again within minutes: %s", after).isZero();
        assertThat(after).as("the student's progress and quiz states, read again").hasSize(3);
        assertThat(statementsOf(ada, LESSON)).isEmpty();
    }

    @Test
    void theCourseOverviewRunsTwoStatementsHoweverManyLessonsAndNoneReadAgain() {
        TestClient bob = student();
        bob.get(LESSON);
        List<String> overview = statementsOf(bob, "/course");
        assertThat(overview).as("correct answers and lesson rows, for every lesson at once").hasSize(2);
        assertThat(statementsOf(bob, "/course")).as("read again").isEmpty();
        assertThat(statementsOf(bob, "/lessons/representations")).hasSize(2);
    }

    @Test
    void aLeaderboardRunsThreeStatementsHoweverManyStudentsAreOnIt() {
        TestClient prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
        TestClient first = null;
        for (int i = 0; i < 2; i++) {
            TestClient s = student();
            upload(s);
            if (first == null) first = s;
        }
        List<String> few = statementsOf(prof, BOARD);
        List<String> own = statementsOf(first, BOARD);
        List<String> again = statementsOf(first, BOARD);
        for (int i = 0; i < 4; i++) upload(student());
        assertThat(few).as("extensions, graded submissions, names: %s", few).hasSize(3);
        assertThat(statementsOf(prof, BOARD)).as("six students instead of two").hasSize(3);
        assertThat(own).as("the board (extensions, graded submissions), then the student's own name: %s", own).hasSize(3);
        assertThat(again).as("the board and the student's row from memory").isEmpty();
        assertThat(statementsOf(first, BOARD)).as("after four gradings: the board again").hasSize(3);
        assertThat(statementsOf(student(), BOARD)).as("a student on no board: the board, from memory").isEmpty();
    }

    @Test
    void healthRunsItsOneQueryAndStaticFilesNoneEvenWithAStaleSessionCookie() {
        HttpRequest.Builder health = HttpRequest.newBuilder(URI.create(server.url("/healthz"))).header("Cookie", "nlulab_session=stale-token");
        statements.clear();
        HttpResponse<String> r = new TestClient(server).send(health.build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(List.copyOf(statements)).containsExactly("SELECT 1");
        assertThat(r.headers().allValues("Set-Cookie")).as("a probe gets no cookie").isEmpty();

        statements.clear();
        HttpResponse<String> css = new TestClient(server).send(HttpRequest.newBuilder(URI.create(server.url("/static/css/app.css")))
                .header("Cookie", "nlulab_session=stale-token").build());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(statements).isEmpty();
        assertThat(css.headers().allValues("Set-Cookie")).isEmpty();
    }

    private static void upload(TestClient c) {
        c.get("/labs/open");
        HttpResponse<String> posted = c.upload("/labs/open/cls/submissions", "predictions", "predictions.csv",
                LabCourseFixture.predictions(i -> i % (students + 1) != 0));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
    }
}
