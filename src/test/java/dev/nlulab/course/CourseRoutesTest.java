package dev.nlulab.course;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The course pages and the quiz API over real HTTP, on the test lessons. */
class CourseRoutesTest {
    static final String TOKENIZATION = "/lessons/representations/01-tokenization";
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path dir;
    static TestServer server;
    static LessonCatalog catalog;
    static ProgressService progress;

    @BeforeAll
    static void start() {
        CourseSite.make(dir);
        server = TestServer.start(Map.of("course.dir", dir.toString()), List.of());
        server.user("admin@uni.edu", Role.ADMIN);
        catalog = LessonCatalog.open(dir.resolve("lessons"));
        progress = new ProgressService(server.platform.db().jdbi());
    }

    @AfterAll
    static void stop() { server.close(); }

    static HttpResponse<String> answer(TestClient c, String path, String csrf, String... values) {
        String body = java.util.Arrays.stream(values).map(v -> "answer=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/api/quiz/" + path)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        return c.send(b.build());
    }

    static HttpResponse<String> reveal(TestClient c, String path) {
        return answer(c, path + "/reveal", c.csrfToken());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void lessonPageHasQuizFormsButNoAnswersAndRecordsTheVisit() {
        TestClient student = server.signedIn("reader@uni.edu", Role.STUDENT);
        HttpResponse<String> r = student.get(TOKENIZATION);
        assertThat(r.statusCode()).isEqualTo(200);
        String page = r.body();
        assertThat(page).contains("<h1 class=\"lesson-title\">Tokenization</h1>", "Explain byte-pair encoding", "20 min read",
                "class=\"math-inline\"", "href=\"#subword-units\"", "/static/js/lesson.js", "<meta name=\"csrf\" content=\"",
                "href=\"/lessons/representations/02-attention\"", "0 of 4 questions right");
        assertThat(page.split("<form class=\"quiz\"", -1)).hasSize(5);
        assertThat(page).doesNotContain("greedy on", "Whitespace splitting yields", "compression method", "<script>alert");
        long id = server.platform.accounts().users().byEmail("reader@uni.edu").orElseThrow().id();
        assertThat(progress.lessonProgress(id, catalog.lesson("representations/01-tokenization").orElseThrow()).visitedAt()).isNotNull();

        HttpResponse<String> attention = student.get("/lessons/representations/02-attention");
        assertThat(attention.body()).contains("Before this:", "href=\"/lessons/representations/01-tokenization\"",
                "<li class=\"level-2\"><a href=\"#scaled-dot-product\">Scaled dot product</a></li>");
    }

    @Test
    void quizAnswerIsGradedRecordedAndExplainedThenMarkedOnThePage() throws Exception {
        TestClient student = server.signedIn("quizzer@uni.edu", Role.STUDENT);
        student.get(TOKENIZATION);
        HttpResponse<String> wrong = answer(student, "representations/01-tokenization/q-merge", student.csrfToken(), "0");
        assertThat(wrong.statusCode()).isEqualTo(200);
        JsonNode w = json(wrong);
        assertThat(w.get("correct").asBoolean()).isFalse();
        assertThat(w.get("progress").get("correct").asInt()).isZero();

        JsonNode right = json(answer(student, "representations/01-tokenization/q-merge", student.csrfToken(), "1"));
        assertThat(right.get("correct").asBoolean()).isTrue();
        assertThat(right.get("feedbackHtml").asText()).contains("Correct.", "most frequent pair", "<strong>frequency</strong>");
        assertThat(right.get("progress").get("correct").asInt()).isEqualTo(1);
        assertThat(right.get("progress").get("total").asInt()).isEqualTo(4);

        JsonNode multi = json(answer(student, "representations/01-tokenization/q-units", student.csrfToken(), "1", "0"));
        assertThat(multi.get("correct").asBoolean()).isTrue();

        String page = student.get(TOKENIZATION).body();
        assertThat(page).contains("<form class=\"quiz answered\" data-lesson=\"representations/01-tokenization\" data-question=\"q-merge\"",
                "2 of 4 questions right");
        assertThat(page.split("class=\"quiz answered\"", -1)).hasSize(3);

        String overview = student.get("/course").body();
        assertThat(overview).contains("Representations", "Retrieval", "20 min", "2/4 right", "name=\"q\"");
        assertThat(student.get("/").body()).contains("module-tile", "From text to vectors.");
    }

    @Test
    void aWrongAnswerTellsNeitherTheKeyNorTheExplanation() {
        TestClient student = server.signedIn("peeker@uni.edu", Role.STUDENT);
        student.get(TOKENIZATION);
        for (String option : List.of("0", "2")) {
            HttpResponse<String> wrong = answer(student, "representations/01-tokenization/q-merge", student.csrfToken(), option);
            assertThat(wrong.statusCode()).isEqualTo(200);
            assertThat(wrong.body()).contains("\"correct\":false").doesNotContain("most frequent pair").doesNotContain("frequency")
                    .doesNotContain("correctAnswerHtml").doesNotContain("explanation");
        }
        HttpResponse<String> numeric = answer(student, "retrieval/01-bm25/idf", student.csrfToken(), "3");
        assertThat(numeric.body()).doesNotContain("2.302585").doesNotContain("secret-explanation-marker");
        // nor does the page after a reload
        assertThat(student.get(TOKENIZATION).body()).doesNotContain("greedy on").doesNotContain("most frequent pair</span></label>\n<p");
    }

    @Test
    void showMeRevealsTheKeyRecordsItAndTheQuestionIsNotRightOnTheFirstTry() throws Exception {
        TestClient student = server.signedIn("shown@uni.edu", Role.STUDENT);
        student.get("/lessons/retrieval/01-bm25");
        HttpResponse<String> shown = reveal(student, "retrieval/01-bm25/idf");
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(json(shown).get("feedbackHtml").asText()).contains("2.302585", "secret-explanation-marker");
        assertThat(json(shown).get("progress").get("correct").asInt()).as("seeing the answer is not answering it").isZero();
        // answering afterwards completes the lesson, but the statistics keep the first try
        assertThat(json(answer(student, "retrieval/01-bm25/idf", student.csrfToken(), "2.3")).get("progress").get("correct").asInt()).isEqualTo(1);
        Lesson bm25 = catalog.lesson("retrieval/01-bm25").orElseThrow();
        long id = server.platform.accounts().users().byEmail("shown@uni.edu").orElseThrow().id();
        int reveals = server.platform.db().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = :u AND revealed").bind("u", id).mapTo(Integer.class).one());
        assertThat(reveals).isEqualTo(1);
        QuestionStats idf = progress.questionStats(bm25).get(0);
        assertThat(idf.revealed()).isGreaterThanOrEqualTo(1);
        assertThat(idf.students()).isGreaterThan(idf.firstTryCorrect());

        // after a reload the key stays shown; the page has no second way to ask for it
        String page = student.get("/lessons/retrieval/01-bm25").body();
        assertThat(page).contains("2.302585", "secret-explanation-marker");
        assertThat(reveal(new TestClient(server), "retrieval/01-bm25/idf").statusCode()).as("signed out").isIn(401, 403);
    }

    @Test
    void aReloadShowsEachQuestionsLastState() {
        TestClient student = server.signedIn("reloader@uni.edu", Role.STUDENT);
        student.get(TOKENIZATION);
        answer(student, "representations/01-tokenization/q-merge", student.csrfToken(), "2");
        answer(student, "representations/01-tokenization/q-count", student.csrfToken(), "2");
        answer(student, "representations/01-tokenization/q-name", student.csrfToken(), "bite");
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(student.get(TOKENIZATION).body());
        org.jsoup.nodes.Element merge = page.selectFirst("form.quiz[data-question=q-merge]");
        assertThat(merge.select("input[checked]")).extracting(e -> e.attr("value")).containsExactly("2");
        assertThat(merge.selectFirst(".quiz-feedback").hasClass("wrong")).isTrue();
        assertThat(merge.selectFirst(".quiz-feedback").text()).contains("Not quite");
        org.jsoup.nodes.Element count = page.selectFirst("form.quiz[data-question=q-count]");
        assertThat(count.hasClass("answered")).isTrue();
        assertThat(count.selectFirst("input.quiz-input").attr("value")).isEqualTo("2");
        assertThat(count.selectFirst(".quiz-feedback").text()).contains("Correct.");
        assertThat(count.selectFirst(".quiz-reveal").hasAttr("hidden")).isTrue();
        org.jsoup.nodes.Element name = page.selectFirst("form.quiz[data-question=q-name]");
        assertThat(name.selectFirst("input.quiz-input").attr("value")).isEqualTo("bite");
        assertThat(page.selectFirst("form.quiz[data-question=q-units] .quiz-feedback").text()).isEmpty();
    }

    @Test
    void aDecimalCommaIsANumber() throws Exception {
        TestClient student = server.signedIn("komma@uni.edu", Role.STUDENT);
        student.get("/lessons/retrieval/01-bm25");
        assertThat(json(answer(student, "retrieval/01-bm25/idf", student.csrfToken(), "2,30")).get("correct").asBoolean()).isTrue();
    }

    @Test
    void unreadableAnswersAre400AndNothingIsRecorded() throws Exception {
        TestClient student = server.signedIn("sloppy@uni.edu", Role.STUDENT);
        student.get(TOKENIZATION);
        HttpResponse<String> badIndex = answer(student, "representations/01-tokenization/q-merge", student.csrfToken(), "7");
        HttpResponse<String> notNumber = answer(student, "retrieval/01-bm25/idf", student.csrfToken(), "two point three");
        HttpResponse<String> nothing = answer(student, "retrieval/01-bm25/idf", student.csrfToken());
        assertThat(List.of(badIndex.statusCode(), notNumber.statusCode(), nothing.statusCode())).containsOnly(400);
        assertThat(json(notNumber).get("error").asText()).startsWith("Question 1:").doesNotContain("idf");
        assertThat(json(badIndex).get("error").asText()).startsWith("Question 1:").doesNotContain("q-merge");
        long id = server.platform.accounts().users().byEmail("sloppy@uni.edu").orElseThrow().id();
        Course course = catalog.course();
        assertThat(progress.classProgress(List.of(id), course).get(0).correct()).isZero();
        assertThat(progress.questionStates(id, course.lesson("retrieval/01-bm25").orElseThrow())).isEmpty();
        assertThat(progress.questionStates(id, course.lesson("representations/01-tokenization").orElseThrow())).isEmpty();
    }

    @Test
    void unknownLessonsAndQuestionsAre404() {
        TestClient student = server.signedIn("lost@uni.edu", Role.STUDENT);
        student.get(TOKENIZATION);
        assertThat(answer(student, "representations/01-tokenization/no-such", student.csrfToken(), "1").statusCode()).isEqualTo(404);
        assertThat(answer(student, "representations/99-nothing/q-merge", student.csrfToken(), "1").statusCode()).isEqualTo(404);
        assertThat(student.get("/lessons/representations/99-nothing").statusCode()).isEqualTo(404);
        assertThat(student.get("/lessons/nowhere").statusCode()).isEqualTo(404);
        assertThat(student.get("/lessons/representations").body()).contains("Tokenization", "Attention");
    }

    @Test
    void quizAnswersNeedTheCsrfToken() {
        TestClient student = server.signedIn("forged@uni.edu", Role.STUDENT);
        student.get(TOKENIZATION);
        assertThat(answer(student, "representations/01-tokenization/q-merge", null, "1").statusCode()).isEqualTo(403);
        assertThat(answer(student, "representations/01-tokenization/q-merge", "not-the-token", "1").statusCode()).isEqualTo(403);
        assertThat(answer(new TestClient(server), "representations/01-tokenization/q-merge", null, "1").statusCode()).isIn(401, 403);
    }

    @Test
    void brokenLessonIsHiddenFromStudentsAndExplainedToInstructors() {
        TestClient student = server.signedIn("curious@uni.edu", Role.STUDENT);
        assertThat(student.get("/lessons/" + CourseSite.BROKEN_LESSON).statusCode()).isEqualTo(404);
        assertThat(student.get("/instructor/progress").statusCode()).isEqualTo(403);
        assertThat(student.get("/instructor/lessons/problems").statusCode()).isEqualTo(403);

        TestClient teacher = server.signedIn("teacher@uni.edu", Role.INSTRUCTOR);
        HttpResponse<String> r = teacher.get("/lessons/" + CourseSite.BROKEN_LESSON);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("hidden from students", "representations/03-no-title.md", "title");
        assertThat(teacher.get("/instructor/lessons/problems").body()).contains("representations/03-no-title.md", "error");

        assertThat(student.get("/lessons/" + CourseSite.DEAD_LINK_LESSON).body()).contains("Links nowhere").doesNotContain("For instructors");
        assertThat(teacher.get("/lessons/" + CourseSite.DEAD_LINK_LESSON).body())
                .contains("For instructors", "representations/04-dead-link.md:", "05-missing");
    }

    @Test
    void imagesAreServedWithTheirTypeAndNoPathEscapesTheLessons() {
        TestClient student = server.signedIn("viewer@uni.edu", Role.STUDENT);
        HttpResponse<String> svg = student.get("/lessons/representations/img/merges.svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(svg.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(svg.body()).contains("<svg");
        for (String bad : List.of("/lessons/representations/img/..%2F01-tokenization.md", "/lessons/..%2F..%2Fstatic/img/logo.svg",
                "/lessons/representations/img/nothing.svg", "/lessons/representations/img/..%2F..%2Fcourse.yaml"))
            assertThat(student.get(bad).statusCode()).as(bad).isEqualTo(404);
    }

    @Test
    void searchShowsHighlightedSnippetsLinkingToLessons() {
        TestClient student = server.signedIn("seeker@uni.edu", Role.STUDENT);
        String page = student.get("/search?q=inverse+document+frequency").body();
        assertThat(page).contains("href=\"/lessons/retrieval/01-bm25\"", "<mark>");
        assertThat(student.get("/search?q=zzzqqq").body()).contains("No lesson matches");
        assertThat(student.get("/search?q=%3Cscript%3E").body()).doesNotContain("<script>");
    }

    @Test
    void instructorSeesClassProgressAndQuestionStats() throws Exception {
        TestClient student = server.signedIn("grace@uni.edu", Role.STUDENT);
        student.get("/lessons/retrieval/01-bm25");
        answer(student, "retrieval/01-bm25/idf", student.csrfToken(), "3");
        answer(student, "retrieval/01-bm25/idf", student.csrfToken(), "2.3");
        TestClient teacher = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
        String page = teacher.get("/instructor/progress").body();
        assertThat(page).contains("grace@uni.edu", "Class progress", "Question 1", "0%", "1/1 right").doesNotContain("<code>idf</code>");
        assertThat(page).doesNotContain("prof@uni.edu"); // instructors are not students
    }
}
