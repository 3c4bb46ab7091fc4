package dev.nlulab.grader;

import dev.nlulab.identity.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab pages (students', leaderboards, instructors') over HTTP, on a temporary course with an open and a past lab. */
class LabPagesTest {
    static LabCourseFixture course;
    static TestServer server;
    static TestClient instructor;
    static int students;

    @BeforeAll
    static void start() {
        course = new LabCourseFixture();
        server = course.server();
        server.user("first@uni.edu", Role.ADMIN);
        instructor = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
    }

    @AfterAll
    static void stop() { server.close(); }

    static TestClient student() {
        return server.signedIn("student" + (++students) + "@uni.edu", Role.STUDENT);
    }

    /** Uploads from the lab page and follows the answer (a 303) to the page it names. */
    static HttpResponse<String> upload(TestClient c, String lab, String ex, byte[] file) {
        c.get("/labs/" + lab);
        HttpResponse<String> posted = c.upload("/labs/" + lab + "/" + ex + "/submissions", "predictions", "predictions.csv", file);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        return c.get(posted.headers().firstValue("Location").orElseThrow());
    }

    static String leftToday(String html) {
        Matcher m = Pattern.compile("class=\"left-today\">(\\d+)<").matcher(html);
        assertThat(m.find()).as("attempts left today on the page").isTrue();
        return m.group(1);
    }

    @Test
    void aGoodFileIsGradedAndThePageShowsThePublicScoreAndRank() {
        TestClient ada = student();
        // right on every public item and wrong on every private one: public 1, private 0
        HttpResponse<String> r = upload(ada, "open", "cls", LabCourseFixture.predictions(i -> LabCourseFixture.isPublic("open", "cls", i)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Public score <strong class=\"score\">1.0000</strong>");
        assertThat(r.body()).containsPattern("your rank on the public leaderboard: <strong class=\"rank\">\\d+</strong>");
        assertThat(leftToday(r.body())).isEqualTo("1");
        assertThat(ada.get("/labs").body()).contains("Classify the items: 1.0000");
        assertThat(r.body()).contains("Predict the label of each item.").doesNotContain("<script>alert");
    }

    @Test
    void aBadFileShowsItsProblemsWithLineNumbersAndCostsNoAttempt() {
        TestClient bob = student();
        HttpResponse<String> r = upload(bob, "open", "cls", LabCourseFixture.badPredictions());
        assertThat(r.body()).contains("costs no submission").contains("line 3: duplicate id").contains("line 4:");
        assertThat(leftToday(r.body())).isEqualTo("2");
        assertThat(bob.get("/labs/open").body()).contains("invalid");
    }

    @Test
    void anUnreadableFileWithAHugeLineLeavesThePagesSmallAndIsNotKept() throws Exception {
        TestClient una = student();
        long unaId = server.platform.accounts().users().byEmail("student" + students + "@uni.edu").orElseThrow().id();
        int before = una.get("/labs/open").body().length();
        int instructorBefore = instructor.get("/labs/open/cls/submissions").body().length();
        upload(una, "open", "cls", ("id,prediction\n" + "q".repeat(5_000_000) + ",a\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String page = una.get("/labs/open").body();
        assertThat(page).contains("unknown id &#39;qqqq").contains("(5000000 characters)");
        assertThat(page.length() - before).as("what the bad line added to the student's page").isLessThan(5_000);
        assertThat(instructor.get("/labs/open/cls/submissions").body().length() - instructorBefore).isLessThan(5_000);
        java.nio.file.Path kept = server.dataDir.resolve("uploads/open/cls/" + unaId);
        if (java.nio.file.Files.isDirectory(kept)) {
            try (var files = java.nio.file.Files.list(kept)) {
                assertThat(files.toList()).as("files kept for the student").isEmpty();
            }
        }
    }

    @Test
    void overTheDailyLimitTheUploadIsRefusedWithTheReason() {
        TestClient cy = student();
        byte[] good = LabCourseFixture.predictions(i -> true);
        assertThat(upload(cy, "open", "cls", good).statusCode()).isEqualTo(200);
        assertThat(upload(cy, "open", "cls", good).statusCode()).isEqualTo(200);
        HttpResponse<String> third = upload(cy, "open", "cls", good);
        assertThat(third.body()).containsPattern("class=\"outcome refused\"[^>]*>\\s*<p class=\"outcome-message\">Not taken: you have used today&#39;s 2 submissions; more from");
        assertThat(leftToday(third.body())).isEqualTo("0");
    }

    @Test
    void anUploadAnswersWithARedirectToAPageTheStudentMayOpenAndReloadingItSubmitsNothing() {
        TestClient kay = student();
        TestClient leo = student();
        kay.get("/labs/open");
        HttpResponse<String> posted = kay.upload("/labs/open/cls/submissions", "predictions", "p.csv", LabCourseFixture.predictions(i -> true));
        assertThat(posted.statusCode()).isEqualTo(303);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/labs/open\\?submission=\\d+#cls");
        for (int reload = 0; reload < 3; reload++) {
            HttpResponse<String> page = kay.get(location);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Public score <strong class=\"score\">1.0000</strong>");
            assertThat(leftToday(page.body())).as("reloading submits nothing").isEqualTo("1");
        }
        assertThat(submissionIds(kay.get("/labs/open").body())).hasSize(1);
        assertThat(leo.get(location).body()).as("another student's outcome").doesNotContain("Public score");

        // a refusal and a job form's address lead to pages the student may open too
        kay.get("/labs/open");
        HttpResponse<String> empty = kay.upload("/labs/open/cls/submissions", "predictions", "empty.csv", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(303);
        String refused = kay.get(empty.headers().firstValue("Location").orElseThrow()).body();
        assertThat(refused).contains("Choose a predictions file to upload.");
        assertThat(kay.get("/labs/open/run/jobs").statusCode()).isEqualTo(303);
        assertThat(kay.get("/labs/open/run/jobs").headers().firstValue("Location")).contains("/labs/open#run");
    }

    @Test
    void theLeaderboardShowsEachStudentsLatestEntryAndTheHistoryNumbersTheirOwnSubmissions() throws Exception {
        TestClient nia = student();
        upload(nia, "open", "pick", LabCourseFixture.predictions(i -> true));   // the best, first
        upload(nia, "open", "pick", LabCourseFixture.predictions(i -> i < 5)); // worse, later
        String page = nia.get("/labs/open").body();
        String panel = page.substring(page.indexOf("id=\"pick\""), page.indexOf("id=\"run\""));
        Matcher numbers = Pattern.compile("<tr[^>]*>\\s*<td class=\"num\">(\\d+)</td>").matcher(panel);
        List<String> shown = new java.util.ArrayList<>();
        while (numbers.find()) shown.add(numbers.group(1));
        assertThat(shown).as("newest first, counted from the student's first").containsExactly("2", "1");

        var board = new com.fasterxml.jackson.databind.ObjectMapper().readTree(nia.send(HttpRequest.newBuilder(
                URI.create(server.url("/labs/open/pick/leaderboard.json"))).header("Accept", "application/json").GET().build()).body());
        var you = java.util.stream.StreamSupport.stream(board.path("board").path("rows").spliterator(), false)
                .filter(r -> r.path("you").asBoolean()).findFirst().orElseThrow();
        assertThat(you.path("score").asDouble()).isEqualTo(1.0);
        assertThat(you.path("lastAt").asDouble()).as("the latest entry (epoch seconds), not the best one")
                .isGreaterThan(you.path("submittedAt").asDouble());
        assertThat(nia.get("/labs/open/pick/leaderboard").body()).contains("<th>Last entry</th>").contains(">accuracy</th>");
    }

    @Test
    void aStudentWhoOnlyHandedInALabFileIsActiveOnTheClassProgressPage() {
        TestClient ora = student();
        String email = "student" + students + "@uni.edu";
        assertThat(progressRow(email)).as("before anything").contains(">never<");
        upload(ora, "open", "cls", LabCourseFixture.badPredictions()); // even an unreadable file is activity
        assertThat(progressRow(email)).doesNotContain(">never<").containsPattern("\\d{2}:\\d{2}");
    }

    /** The student's row of the instructor's class progress page. */
    static String progressRow(String email) {
        String page = instructor.get("/instructor/progress").body();
        int at = page.indexOf(email);
        return page.substring(at, page.indexOf("</tr>", at));
    }

    @Test
    void beforeTheDeadlineAStudentSeesNoPrivateScoreAndNoOneElsesFile() {
        TestClient dee = student();
        TestClient eve = student();
        // right on the private half only: public 0, private 1; a 1.0000 anywhere would be the private score
        upload(dee, "open", "fix", LabCourseFixture.predictions(i -> !LabCourseFixture.isPublic("open", "fix", i)));
        upload(eve, "open", "fix", LabCourseFixture.predictions(i -> !LabCourseFixture.isPublic("open", "fix", i)));
        String page = dee.get("/labs/open").body();
        assertThat(page).contains("Private scores are shown after the deadline").doesNotContain("1.0000");

        HttpResponse<String> board = dee.get("/labs/open/fix/leaderboard?board=final");
        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(board.body()).contains("Public leaderboard").contains("The final leaderboard (private scores) is shown from")
                .doesNotContain("1.0000");
        HttpResponse<String> json = dee.send(HttpRequest.newBuilder(URI.create(server.url("/labs/open/fix/leaderboard.json?board=final")))
                .header("Accept", "application/json").GET().build());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"isFinal\":false").contains("\"note\"").doesNotContain("\"score\":1.0").doesNotContain(":1.0,").doesNotContain(":1.0}");
        assertThat(dee.get("/labs/open/grades.csv").statusCode()).isEqualTo(403);

        long deeSubmission = submissionIds(page).get(0);
        assertThat(dee.get("/labs/open/fix/submissions/" + deeSubmission + "/file").statusCode()).isEqualTo(200);
        assertThat(eve.get("/labs/open/fix/submissions/" + deeSubmission + "/file").statusCode()).isEqualTo(404);
        assertThat(eve.get("/labs/open/fix/submissions/999999/file").statusCode()).isEqualTo(404);
        assertThat(eve.get("/labs/open/fix/submissions").statusCode()).isEqualTo(403);
        // the instructor sees the private score all along
        assertThat(instructor.get("/labs/open/fix/submissions").body()).contains("1.0000");
    }

    static List<Long> submissionIds(String html) {
        Matcher m = Pattern.compile("/submissions/(\\d+)/file").matcher(html);
        List<Long> ids = new java.util.ArrayList<>();
        while (m.find()) ids.add(Long.parseLong(m.group(1)));
        return ids;
    }

    @Test
    void keysAndGraderFilesAreUnreachableByAnyAddress() {
        TestClient fay = student();
        assertThat(fay.get("/labs/open/data/train.jsonl").body()).contains("\"label\":\"a\"");
        List<String> attempts = List.of(
                "/labs/open/data/..%2F..%2F..%2Fgrader%2Fopen%2Fkey.jsonl",
                "/labs/open/data/..%2f..%2f..%2fgrader%2fopen%2fkey.jsonl",
                "/labs/open/data/%2e%2e%2f%2e%2e%2f%2e%2e%2fgrader%2fopen%2fkey.jsonl",
                "/labs/open/data/..%5C..%5C..%5Cgrader%5Copen%5Ckey.jsonl",
                "/labs/open/data/key.jsonl", "/labs/open/data/..", "/labs/open/data/.",
                "/labs/../grader/open/key.jsonl", "/grader/open/key.jsonl", "/static/../grader/open/key.jsonl",
                "/static/%2e%2e/grader/open/key.jsonl", "/labs/open/data/..%2F..%2Flab.yaml",
                "/labs/open/data/..%252F..%252F..%252Fgrader%252Fopen%252Fkey.jsonl");
        for (String path : attempts) {
            HttpResponse<String> r = fay.send(HttpRequest.newBuilder(URI.create(server.url("").replaceAll("/$", "") + path)).GET().build());
            assertThat(r.statusCode()).as(path).isNotEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain("\"gold\"").doesNotContain("exercises:");
        }
    }

    @Test
    void anInstructorRegradesWithACorrectedKeyAndExportsGrades() throws Exception {
        TestClient gil = student();
        // all "a": right under the first key
        assertThat(upload(gil, "open", "fix", LabCourseFixture.predictions(i -> true)).body()).contains("<strong class=\"score\">1.0000</strong>");
        course.writeKey("fix", "b"); // the key was wrong: every answer is "b"
        instructor.get("/labs/open/fix/submissions");
        HttpResponse<String> r = instructor.post("/labs/open/fix/regrade", Map.of());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(instructor.get("/labs/open/fix/submissions").body()).contains("regraded with the current key");
        List<Long> ids = submissionIds(gil.get("/labs/open").body());
        assertThat(gil.get("/labs/open").body()).doesNotContain("<td class=\"num\">1.0000</td>");

        course.writeKey("fix", "a"); // put back for the other tests, and regrade just one
        instructor.get("/labs/open/fix/submissions");
        HttpResponse<String> one = instructor.post("/labs/open/fix/submissions/" + ids.get(0) + "/regrade", Map.of());
        assertThat(one.statusCode()).isEqualTo(302);
        assertThat(instructor.get("/labs/open/fix/submissions").body()).contains("Submission " + ids.get(0) + " regraded: graded, public 1.0000, private 1.0000");

        HttpResponse<String> csv = instructor.get("/labs/open/grades.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        CSVRecord row = CSVFormat.DEFAULT.builder().setHeader().get().parse(new java.io.StringReader(csv.body())).getRecords().stream()
                .filter(rec -> rec.get("email").equals("student" + students + "@uni.edu")).findFirst().orElseThrow();
        assertThat(List.of(row.get("fix_score"), row.get("fix_points"), row.get("fix_late"), row.get("fix_attempts"))).containsExactly("1.0000", "5.00", "false", "1");
    }

    @Test
    void aJobFormWithBadValuesShowsMessagesNextToTheFieldsAndStartsNothing() {
        TestClient hal = student();
        hal.get("/labs/open");
        HttpResponse<String> r = hal.post("/labs/open/run/jobs", Map.of("k1", "7", "b", "abc", "dev", "true"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("fix the fields marked below")
                .containsPattern("name=\"k1\"[^>]*value=\"7\"[\\s\\S]{0,600}class=\"field-error\">must be at most 3, was 7<")
                .containsPattern("name=\"b\"[\\s\\S]{0,600}class=\"field-error\">must be a number, was &#39;abc&#39;<");
        long halId = server.platform.accounts().users().byEmail("student" + students + "@uni.edu").orElseThrow().id();
        assertThat(server.platform.jobs().listOwn(halId, 10)).isEmpty();
    }

    @Test
    void afterTheDeadlineTheFinalBoardShowsPrivateScoresAndRankMoves() {
        TestClient ivy = student();
        TestClient jon = student();
        // ivy: best on the public half, bad on the private; jon: the other way round
        upload(ivy, "past", "cls", LabCourseFixture.predictions(i -> LabCourseFixture.isPublic("past", "cls", i)));
        upload(jon, "past", "cls", LabCourseFixture.predictions(i -> !LabCourseFixture.isPublic("past", "cls", i) || i < 2));
        String board = instructor.get("/labs/past/cls/leaderboard").body();
        assertThat(board).contains("Final leaderboard").contains("Move").contains("▲ 1").contains("▼ 1");
        String forStudent = jon.get("/labs/past/cls/leaderboard").body();
        assertThat(forStudent).contains("Final leaderboard").contains("class=\"pill\">you<");
        assertThat(jon.get("/labs/past").body()).contains("late");
    }

    @Test
    void aStudentChoosesTheirFinalSubmissionAndOnlyAmongTheirOwn() {
        TestClient kim = student();
        TestClient lou = student();
        upload(kim, "open", "pick", LabCourseFixture.predictions(i -> true));
        upload(kim, "open", "pick", LabCourseFixture.predictions(i -> i < 5));
        List<Long> ids = submissionIds(kim.get("/labs/open").body());
        long first = ids.stream().min(Long::compare).orElseThrow();
        assertThat(kim.post("/labs/open/pick/final", Map.of("submission", Long.toString(first))).statusCode()).isEqualTo(302);
        assertThat(kim.get("/labs/open").body()).contains("is now your final one for Choose your final").contains("class=\"pill ok\">final<");
        lou.get("/labs/open");
        assertThat(lou.post("/labs/open/pick/final", Map.of("submission", Long.toString(first))).statusCode()).isEqualTo(404);
    }

    @Test
    void instructorsSeeTheProblemsOfABrokenLabWithFileAndLine() {
        assertThat(instructor.get("/labs").body()).contains("Labs with problems").contains("broken/lab.yaml")
                .contains("<td class=\"num\">" + LabCourseFixture.BROKEN_LINE + "</td>");
        assertThat(student().get("/labs").body()).doesNotContain("Labs with problems").contains("Open competition");
    }

    @Test
    void anInstructorGrantsAnExtensionThatTheStudentSeesAsTheirDeadline() {
        TestClient max = student();
        long maxId = server.platform.accounts().users().byEmail("student" + students + "@uni.edu").orElseThrow().id();
        // the form takes and the pages show times in the course's zone (UTC here), not the lab file's (Europe/Berlin)
        java.time.LocalDateTime later = java.time.LocalDateTime.now(java.time.ZoneId.of("UTC")).plusDays(40).withSecond(0).withNano(0);
        java.time.LocalDateTime yesterday = java.time.LocalDateTime.now(java.time.ZoneId.of("UTC")).minusDays(1).withSecond(0).withNano(0);
        instructor.get("/labs/open/cls/submissions");
        Map<String, String> refusals = Map.of(
                "next friday", "Not granted: the new deadline must be a date and time like 2026-12-20T23:59, was &#39;next friday&#39;.",
                yesterday.toString(), "Not granted to student" + students + ": the new deadline must be after the lab&#39;s deadline",
                later.plusDays(1000).toString(), "must be at most a year after the lab closes",
                "+999999999-12-31T23:59", "must be at most a year after the lab closes");
        refusals.forEach((text, message) -> {
            HttpResponse<String> bad = instructor.post("/labs/open/cls/extensions", Map.of("user", Long.toString(maxId), "deadline", text));
            assertThat(bad.statusCode()).as(text).isEqualTo(303);
            String page = instructor.get(bad.headers().firstValue("Location").orElseThrow()).body();
            assertThat(page).as(text).contains(message).contains("Extensions granted").contains("None yet.");
        });

        HttpResponse<String> r = instructor.post("/labs/open/cls/extensions", Map.of("user", Long.toString(maxId), "deadline", later.toString()));
        assertThat(r.statusCode()).isEqualTo(303);
        String shown = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(later) + " UTC";
        String page = instructor.get("/labs/open/cls/submissions").body();
        assertThat(page).contains("may submit Classify the items until " + shown);
        assertThat(page).containsPattern("<td>student" + students + "</td><td class=\"when\">" + shown + "</td>");
        assertThat(max.get("/labs/open").body()).contains("Your deadline: <strong>" + shown + "</strong>");
    }
}
