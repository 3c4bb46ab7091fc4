package dev.nlulab.grader;

import dev.nlulab.identity.Role;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grades pages over HTTP on a clock the test moves: the instructor's gradebook and its two CSV layouts (parsed
 * back), a student's own grades before and after the deadline, write-ups, baselines and tied ranks on the board,
 * regrade requests, suspicious duplicates and the sample submission.
 */
class GradesPagesTest {
    /** The final-score cell while private scores are hidden. */
    static final String HIDDEN = "class=\"num final\"><span>after the deadline</span>";
    static GradesCourse course;
    static TestServer server;
    static TestClient prof;
    static int students;

    @BeforeAll
    static void start() {
        course = new GradesCourse();
        server = course.server();
        server.user("first@uni.edu", Role.ADMIN);
        prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
    }

    @AfterAll
    static void stop() { server.close(); }

    @BeforeEach
    void beforeTheDeadline() {
        course.clock.set(GradesCourse.START);
    }

    /** A new student, signed in, whose name (and e-mail's start) is {@code name} + a number. */
    static TestClient student(String name) {
        return server.signedIn(name + (++students) + "@uni.edu", Role.STUDENT);
    }

    static String email(String name) {
        return name + students + "@uni.edu";
    }

    /** Uploads with a write-up and follows the 303 to the lab page. */
    static HttpResponse<String> upload(TestClient c, byte[] file, String writeup) {
        c.get("/labs/g");
        HttpResponse<String> posted = c.upload("/labs/g/cls/submissions", "predictions", "p.csv", file, writeup == null ? Map.of() : Map.of("writeup", writeup));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        return c.get(posted.headers().firstValue("Location").orElseThrow());
    }

    static List<CSVRecord> csv(String body) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(body)).getRecords();
    }

    @Test
    void theGradebookListsEveryStudentOnTheRosterAndExportsBothCsvLayouts() throws Exception {
        TestClient ann = student("ann");
        String annEmail = email("ann");
        upload(ann, GradesCourse.predictions(i -> true), "Majority class.");
        TestClient never = student("nel"); // on the roster, never submits
        String nelEmail = email("nel");
        never.get("/grades");

        String page = prof.get("/labs/g/gradebook").body();
        assertThat(page).contains(annEmail).contains(nelEmail).contains("Majority class.");
        assertThat(prof.get("/labs/g/gradebook?q=" + nelEmail).body()).contains(nelEmail).doesNotContain(annEmail);
        assertThat(prof.get("/labs/g/gradebook?show=missing").body()).contains(nelEmail);

        HttpResponse<String> plain = prof.get("/labs/g/grades.csv");
        assertThat(plain.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        List<CSVRecord> rows = csv(plain.body());
        assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("user_id", "email", "name", "cls_score", "cls_points", "cls_late",
                "cls_attempts", "run_score", "run_points", "run_late", "run_attempts", "total_points");
        CSVRecord annRow = rows.stream().filter(r -> r.get("email").equals(annEmail)).findFirst().orElseThrow();
        long annId = server.platform.accounts().users().byEmail(annEmail).orElseThrow().id();
        assertThat(annRow.get("user_id")).isEqualTo(Long.toString(annId));
        assertThat(List.of(annRow.get("cls_score"), annRow.get("cls_points"), annRow.get("cls_late"), annRow.get("cls_attempts"), annRow.get("total_points")))
                .containsExactly("1.0000", "10.00", "false", "1", "10.00");
        CSVRecord nelRow = rows.stream().filter(r -> r.get("email").equals(nelEmail)).findFirst().orElseThrow();
        assertThat(List.of(nelRow.get("cls_score"), nelRow.get("cls_points"), nelRow.get("cls_attempts"))).containsExactly("", "0.00", "0");

        List<CSVRecord> canvas = csv(prof.get("/labs/g/grades-canvas.csv").body());
        assertThat(canvas.get(0).getParser().getHeaderNames())
                .containsExactly("Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Grades lab: Classify", "Grades lab: Tune BM25");
        assertThat(canvas.get(0).toList()).containsExactly("Points Possible", "", "", "", "", "10.00", "2.00");
        CSVRecord annCanvas = canvas.stream().filter(r -> r.get("SIS Login ID").equals(annEmail)).findFirst().orElseThrow();
        assertThat(annCanvas.get("Grades lab: Classify")).isEqualTo("10.00");
        assertThat(canvas.stream().filter(r -> r.get("SIS Login ID").equals(nelEmail)).findFirst().orElseThrow().get("Grades lab: Classify")).isEmpty();

        for (String path : List.of("/labs/g/gradebook", "/labs/g/grades.csv", "/labs/g/grades-canvas.csv")) {
            assertThat(ann.get(path).statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void myGradesShowsTheBestScoreBeforeTheDeadlineAndTheFinalScorePointsAndRankAfter() {
        TestClient bea = student("bea");
        TestClient cal = student("cal");
        // bea: right on the public half only; cal: right everywhere, after the lab's deadline but within an extension
        upload(bea, GradesCourse.predictions(GradesCourse::isPublic), "Public half.");
        String before = bea.get("/grades").body();
        assertThat(before).contains("My grades").contains("<td class=\"num best\">1.0000</td>").contains(HIDDEN)
                .containsPattern("class=\"num rank\"><span><strong>1</strong> of <span>\\d+</span>");
        long calId = server.platform.accounts().users().byEmail(email("cal")).orElseThrow().id();
        prof.get("/labs/g/cls/submissions");
        HttpResponse<String> ext = prof.post("/labs/g/cls/extensions", Map.of("user", Long.toString(calId), "deadline", "2026-12-12T18:00"));
        assertThat(ext.statusCode()).isEqualTo(303);

        course.clock.set(GradesCourse.AFTER_DEADLINE); // after bea's deadline, before cal's
        upload(cal, GradesCourse.predictions(i -> true), "Everything right.");
        // private scores wait for the last extension to pass
        assertThat(bea.get("/grades").body()).contains(HIDDEN);

        course.clock.set(java.time.Instant.parse("2026-12-13T09:00:00Z"));
        String beaAfter = bea.get("/grades").body();
        // the private half: bea's file is wrong on every private item, so 0 points; a final rank now
        assertThat(beaAfter).doesNotContain(HIDDEN).doesNotContain("Everything right.")
                .containsPattern("class=\"num final\"><span>0.0000</span>").containsPattern("class=\"num points\"><span>0.00</span>")
                .contains("<small class=\"muted\">final</small>");
        String calPage = cal.get("/grades").body();
        assertThat(calPage).contains("extension").contains("2026-12-12 18:00 UTC").contains("Everything right.").doesNotContain("Public half.")
                .containsPattern("class=\"num final\"><span>1.0000</span>").containsPattern("class=\"num points\"><span>10.00</span>")
                .containsPattern("class=\"num rank\"><span><strong>1</strong>");
    }

    @Test
    void aRequiredWriteUpIsCheckedSanitizedAndShownToItsStudentAndToInstructorsOnly() {
        TestClient dan = student("dan");
        HttpResponse<String> refused = upload(dan, GradesCourse.predictions(i -> true), null);
        assertThat(refused.body()).contains("needs a short description of your method");
        assertThat(dan.get("/grades").body()).contains("0 graded submissions");

        upload(dan, GradesCourse.predictions(i -> true), "**Bold** idea <script>alert(1)</script> ![x](http://evil.example/x.png) [paper](https://example.org)");
        String mine = dan.get("/grades").body();
        assertThat(mine).contains("<strong>Bold</strong> idea").doesNotContain("<script>alert").doesNotContain("evil.example")
                .contains("href=\"https://example.org\"");
        assertThat(prof.get("/labs/g/gradebook").body()).contains("<strong>Bold</strong> idea").doesNotContain("<script>alert");
        TestClient eve = student("eve");
        assertThat(eve.get("/grades").body()).doesNotContain("Bold");
        assertThat(dan.get("/labs/g").body()).contains("**Bold** idea"); // the next upload's field starts from it
    }

    @Test
    void theBoardShowsTheBaselineUnrankedAndTiedStudentsShareARank() {
        TestClient fay = student("fay");
        TestClient gus = student("gus");
        upload(fay, GradesCourse.predictions(i -> true), "All a.");
        upload(gus, GradesCourse.predictions(i -> true), "All a too.");
        String board = fay.get("/labs/g/cls/leaderboard").body();
        int pub = 0, even = 0;
        for (int i = 0; i < GradesCourse.ITEMS; i++) if (GradesCourse.isPublic(i)) { pub++; if (i % 2 == 0) even++; }
        String baseline = String.format(java.util.Locale.ROOT, "%.4f", even / (double) pub);
        Matcher row = Pattern.compile("<tr class=\"baseline\">([\\s\\S]*?)</tr>").matcher(board);
        assertThat(row.find()).as("a baseline row").isTrue();
        assertThat(row.group(1)).contains("Half right").contains(">baseline<").contains(baseline).contains("not ranked");
        // every student who got 1.0 shares rank 1
        Matcher ranks = Pattern.compile("<tr(?: class=\"me\")?>\\s*<td class=\"num\">(\\d+)</td>").matcher(board);
        List<String> found = ranks.results().map(m -> m.group(1)).toList();
        assertThat(found).hasSizeGreaterThanOrEqualTo(2).allMatch("1"::equals);
        assertThat(fay.get("/labs/g/cls/leaderboard.json").body()).contains("\"baselines\":[{\"name\":\"Half right\"");
    }

    @Test
    void aStudentAsksForARegradeAndTheInstructorAnswersAndRegrades() {
        TestClient hal = student("hal");
        upload(hal, GradesCourse.predictions(i -> true), "x");
        String mine = hal.get("/grades").body();
        Matcher option = Pattern.compile("<option value=\"(\\d+)\" selected=\"selected\">").matcher(mine);
        assertThat(option.find()).isTrue();
        String id = option.group(1);
        TestClient ida = student("ida");
        assertThat(ida.post("/labs/g/cls/regrade-requests", Map.of("submission", id, "reason", "mine?")).statusCode()).isEqualTo(404);
        assertThat(hal.post("/labs/g/cls/regrade-requests", Map.of("submission", id, "reason", " ")).statusCode()).isEqualTo(303);
        assertThat(hal.get("/grades").body()).contains("Not sent: say why");
        assertThat(hal.post("/labs/g/cls/regrade-requests", Map.of("submission", id, "reason", "Item q3 of the key looks wrong")).statusCode()).isEqualTo(303);
        assertThat(hal.get("/grades").body()).contains("waiting").contains("Item q3 of the key looks wrong");

        String book = prof.get("/labs/g/gradebook").body();
        Matcher form = Pattern.compile("action=\"/labs/g/regrade-requests/(\\d+)\"").matcher(book);
        assertThat(form.find()).isTrue();
        assertThat(book).contains("Item q3 of the key looks wrong");
        assertThat(hal.post("/labs/g/regrade-requests/" + form.group(1), Map.of("answer", "no")).statusCode()).isEqualTo(403);
        HttpResponse<String> answered = prof.post("/labs/g/regrade-requests/" + form.group(1), Map.of("answer", "Checked: the key is right.", "regrade", "on"));
        assertThat(answered.statusCode()).isEqualTo(303);
        assertThat(prof.get("/labs/g/gradebook").body()).contains("regraded with the current key");
        assertThat(hal.get("/grades").body()).contains("answered").contains("Checked: the key is right.").contains("regraded with the current key");
        assertThat(ida.get("/grades").body()).doesNotContain("Item q3");
    }

    @Test
    void identicalAndNearlyIdenticalPredictionsAreFlaggedToInstructorsOnly() {
        // jo and kim hand in the same file; lem changes 1 item of 20 (95% alike); nel changes 2 (90%: not flagged)
        java.util.function.IntPredicate base = i -> i % 3 != 0;
        List<String> names = new java.util.ArrayList<>();
        TestClient kim = null;
        for (var who : List.of(Map.entry("jo", base), Map.entry("kim", base), Map.entry("lem", (java.util.function.IntPredicate) i -> i == 0 != base.test(i)),
                Map.entry("nel", (java.util.function.IntPredicate) i -> (i == 1 || i == 2) != base.test(i)))) {
            TestClient c = student(who.getKey());
            names.add(who.getKey() + students);
            if (who.getKey().equals("kim")) kim = c;
            upload(c, GradesCourse.predictions(who.getValue()), "mine");
        }
        String book = prof.get("/labs/g/gradebook?show=flagged").body();
        String table = book.substring(book.indexOf("<table class=\"data duplicates\">"));
        List<String> pairs = Pattern.compile("<tr>\\s*<td>Classify</td>\\s*<td><span>(\\w+)</span> \\(<span>#\\d+</span>\\) and\\s*<span>(\\w+)</span>"
                        + "[\\s\\S]*?<td class=\"num\">([\\d.]+%)</td>\\s*<td>(\\w+)</td>").matcher(table).results()
                .map(m -> m.group(1) + "+" + m.group(2) + " " + m.group(3) + " " + m.group(4)).toList();
        String jo = names.get(0), k = names.get(1), lem = names.get(2), nel = names.get(3);
        assertThat(pairs).contains(jo + "+" + k + " 100.0% identical").contains(jo + "+" + lem + " 95.0% different")
                .contains(k + "+" + lem + " 95.0% different").noneMatch(p -> p.contains(nel));
        for (String path : List.of("/grades", "/labs/g", "/labs/g/cls/leaderboard")) assertThat(kim.get(path).body()).as(path).doesNotContain("duplicate");
    }

    @Test
    void theSampleSubmissionHasEveryTestIdAndIsGradedAsItIs() {
        TestClient lea = student("lea");
        HttpResponse<String> sample = lea.get("/labs/g/cls/sample-submission.jsonl");
        assertThat(sample.statusCode()).isEqualTo(200);
        assertThat(sample.body().lines()).hasSize(GradesCourse.ITEMS).first().isEqualTo("{\"id\":\"q0\",\"prediction\":\"label\"}");
        assertThat(sample.body()).doesNotContain("gold");
        assertThat(lea.get("/labs/g/run/sample-submission.jsonl").statusCode()).isEqualTo(404);
        lea.get("/labs/g");
        HttpResponse<String> posted = lea.upload("/labs/g/cls/submissions", "predictions", "sample.jsonl", sample.body().getBytes(StandardCharsets.UTF_8),
                Map.of("writeup", "The sample."));
        String page = lea.get(posted.headers().firstValue("Location").orElseThrow()).body();
        assertThat(page).contains("Public score <strong class=\"score\">0.0000</strong>");
    }
}
