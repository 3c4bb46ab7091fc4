package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.grader.SubmissionStatus;
import dev.nlulab.grader.SubmissionView;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.qalora.QaLoraCourse;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The QA-LoRA lab as a student sees it in Chromium: the shipped lab page (instructions, data, the job
 * form) at 1280 and 390 px, and, on a tiny base, a fine-tuning job started from the form and followed to
 * its report, loss curves and downloads.
 */
class QaLoraBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Browser chromium;

    @BeforeAll
    static void start() {
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
    }

    private static int overflow(Page p) {
        return ((Number) p.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).intValue();
    }

    @Test
    void theShippedLabPageTeachesAndOffersTheJobFormAtBothWidths() {
        try (TestServer server = TestServer.start(Map.of(), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            server.user("ada@uni.edu", Role.STUDENT);
            server.user("prof@uni.edu", Role.INSTRUCTOR);
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, "ada@uni.edu", errors);
            p.navigate(server.url("/labs/qalora"));
            assertThat(p.locator("h1").first()).containsText("QA-LoRA");
            assertThat(p.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Why pooling the input makes the merge exact"))).isVisible();
            assertThat(p.locator("#compete").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job"))).isVisible();
            assertThat(p.locator("#compete select[name=method]")).isVisible();
            assertThat(p.locator("#compete input[name=steps]")).hasValue("300");
            assertThat(p.locator("#explore select[name=method] option")).hasCount(3);
            assertThat(p.locator("#data")).containsText("train.jsonl");
            assertThat(Browser.axe(p, "lab page")).as("WCAG 2.1 AA").isEmpty();
            Browser.desktop(p);
            Browser.fullShot(p, "lab-qalora-student");
            assertThat(overflow(p)).as("no sideways scrolling at 1280 px").isLessThanOrEqualTo(0);
            Browser.phone(p);
            Browser.fullShot(p, "lab-qalora-student-390");
            assertThat(overflow(p)).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);

            Page q = chromium.signIn(server, "prof@uni.edu", errors);
            q.navigate(server.url("/labs/qalora"));
            assertThat(q.locator("#compete")).containsText("Start the job");
            Browser.desktop(q);
            Browser.fullShot(q, "lab-qalora-instructor");
            assertThat(errors).as("console errors").isEmpty();
        }
    }

    /**
     * The lab end to end on a tiny base: a form the schema or the kind refuses costs nothing and says which field;
     * a good one queues a fine-tuning job that the scheduler runs in a child JVM; the student follows it live to
     * its report; the grader scores its predictions onto the leaderboard; its files are the owner's and the
     * instructors' only.
     */
    @Test
    void aStudentStartsAFineTuningJobFollowsItToItsReportAndIsScoredOnTheLeaderboard() throws Exception {
        QaLoraCourse course = new QaLoraCourse();
        try (TestServer server = TestServer.start(Map.of("course.dir", course.course.toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            User bea = server.user("bea@uni.edu", Role.STUDENT);
            TestClient bob = server.signedIn("bob@uni.edu", Role.STUDENT);
            TestClient prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
            Viewer beaViewer = Viewer.student(bea.id());
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, "bea@uni.edu", errors, Browser.FAILED_LOAD); // a refused form answers 422
            p.navigate(server.url("/labs/qalora"));
            Locator form = p.locator("#compete");
            Locator start = form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job"));

            // refused before queueing, on the field: by the exercise's step budget, and by the kind (the base's shape)
            form.locator("input[name=steps]").fill("41");
            start.click();
            assertThat(form.locator("label.invalid .field-error")).hasText("must be at most 40, was 41");
            form.locator("input[name=steps]").fill("12");
            form.locator("input[name=rank]").fill("3");
            start.click();
            assertThat(form.locator("label.invalid .field-error")).containsText("3 is larger than the pooled width 2 of q_proj");
            form.locator("input[name=rank]").fill("2");
            form.locator("input[name=group_size]").fill("24");
            start.click();
            assertThat(form.locator("label.invalid .field-error")).containsText("24 does not divide the input width 32");
            form.screenshot(new Locator.ScreenshotOptions().setPath(Browser.shot("lab-qalora-field-error")));
            assertThat(server.platform.jobs().listOwn(bea.id(), 10)).as("nothing queued").isEmpty();
            assertThat(server.platform.submissions().history(beaViewer, "qalora", "compete")).as("no attempt used").isEmpty();

            form.locator("input[name=group_size]").fill("16");
            start.click();
            assertThat(form.locator(".outcome")).containsText("is queued; it is graded when it ends");
            form.locator(".outcome").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Follow the job")).click();
            assertThat(p.locator("h1")).containsText("Job #");
            long jobId = Long.parseLong(p.url().replaceAll(".*/jobs/(\\d+).*", "$1"));

            assertThat(p.locator("#job-state")).hasText("Succeeded", new LocatorAssertions.HasTextOptions().setTimeout(150_000));
            assertThat(p.locator("#job-summary")).isVisible();
            assertThat(p.locator("#job-summary")).containsText("QA-LoRA INT4 g16");
            assertThat(p.locator("#job-summary")).containsText(java.util.regex.Pattern.compile(
                    "max \\|logit difference\\| \\d\\.\\d\\de-\\d\\d on 8 dev prompts: exact \\(below 1\\.0E-4\\)"));
            assertThat(p.locator("#job-dev-loss-row")).isVisible();
            assertThat(p.locator("#loss-chart canvas")).isVisible();
            assertThat(p.locator("#loss-chart")).hasAttribute("data-points", "12");
            assertThat(p.locator("#loss-chart")).containsText("dev loss"); // the chart's key
            assertThat(p.locator("#job-artefacts")).containsText("adapter_model.safetensors");
            assertThat(p.locator("#job-artefacts")).containsText("report.json");
            assertThat(p.locator("#job-log")).containsText("answered the 20 test questions with the merged model");
            Browser.desktop(p);
            Browser.fullShot(p, "job-qalora-student");
            assertThat(overflow(p)).isLessThanOrEqualTo(0);

            // opened again: the server draws the same report
            p.reload();
            assertThat(p.locator("#job-summary")).containsText("Dev accuracy after merging");
            assertThat(Browser.axe(p, "job page")).as("WCAG 2.1 AA").isEmpty();
            Browser.phone(p);
            Browser.fullShot(p, "job-qalora-student-390");
            assertThat(overflow(p)).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);

            // graded: the score is on the leaderboard
            SubmissionView s = waitUntilNotPending(server, beaViewer);
            assertThat(s.jobId()).isEqualTo(jobId);
            assertThat(s.status()).as(s.message()).isEqualTo(SubmissionStatus.GRADED);
            assertThat(s.publicScore()).isBetween(0.0, 1.0);
            p.navigate(server.url("/labs/qalora/compete/leaderboard"));
            assertThat(p.locator("table.board tr.me")).containsText(String.format(java.util.Locale.ROOT, "%.4f", s.publicScore()));

            // what the job wrote: a prediction per test question, a metrics line per step with the dev loss every 4
            Path dir = server.platform.jobs().jobDir(jobId);
            assertThat(Files.readAllLines(dir.resolve("predictions.jsonl"))).hasSize(2 * QaLoraCourse.TEST);
            List<JsonNode> metrics = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) metrics.add(JSON.readTree(line));
            assertThat(metrics).hasSize(12).allSatisfy(m -> assertThat(m.has("loss") && m.has("lr") && m.has("tokens_per_s") && m.has("rss_bytes")).isTrue());
            assertThat(metrics).filteredOn(m -> m.has("eval_loss")).extracting(m -> m.get("step").asInt()).containsExactly(4, 8, 12);

            // the files are the owner's and the instructors': another student finds no such job
            JsonNode report = JSON.readTree(p.request().get(server.url("/jobs/" + jobId + "/artefacts/report.json")).text());
            assertThat(report.path("merge_check").path("max_abs_logit_difference").asDouble()).isLessThan(1e-4);
            assertThat(report.path("after_merge").path("items").asInt()).isEqualTo(2 * QaLoraCourse.DEV);
            assertThat(prof.get("/jobs/" + jobId + "/artefacts/model.safetensors").statusCode()).isEqualTo(200);
            assertThat(bob.get("/jobs/" + jobId + "/artefacts/adapter_model.safetensors").statusCode()).isEqualTo(404);
            assertThat(bob.get("/jobs/" + jobId).statusCode()).isEqualTo(404);
            assertThat(errors).as("console errors").isEmpty();
        }
    }

    /**
     * The study on a tiny base through the real queue: started from the lab page's form, run in a child JVM,
     * its page shows the table (a row per method and width, every cell filled), a loss curve per training with
     * the curves as a table, and the grader counts the table complete. Student and instructor at both widths.
     */
    @Test
    void aStudentRunsTheStudyAndItsCompleteTableIsGradedAsComplete() throws Exception {
        QaLoraCourse course = new QaLoraCourse();
        try (TestServer server = TestServer.start(Map.of("course.dir", course.course.toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            User bea = server.user("bea@uni.edu", Role.STUDENT);
            server.user("prof@uni.edu", Role.INSTRUCTOR);
            TestClient bob = server.signedIn("bob@uni.edu", Role.STUDENT);
            Viewer beaViewer = Viewer.student(bea.id());
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, "bea@uni.edu", errors);
            p.navigate(server.url("/labs/qalora"));
            Locator form = p.locator("#study");
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job")).click();
            assertThat(form.locator(".outcome")).containsText("is queued; it is graded when it ends");
            form.locator(".outcome").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Follow the job")).click();
            long jobId = Long.parseLong(p.url().replaceAll(".*/jobs/(\\d+).*", "$1"));

            assertThat(p.locator("#job-state")).hasText("Succeeded", new LocatorAssertions.HasTextOptions().setTimeout(240_000));
            Locator table = p.locator("#job-table");
            assertThat(table).isVisible();
            assertThat(table.locator("tbody tr")).hasCount(10);
            assertThat(table.locator("thead th")).hasCount(12);
            assertThat(table.locator("tbody td:empty")).hasCount(0);
            assertThat(table.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("QA-LoRA")).first()).containsText("4");
            assertThat(p.locator("#loss-chart")).containsText("QA-LoRA INT2"); // a curve per training, in the key
            assertThat(p.locator("#loss-summary table tbody tr")).hasCount(5);
            assertThat(p.locator("#loss-chart")).hasAttribute("data-points", String.valueOf(5 * 4));
            assertThat(Browser.axe(p, "study job page")).as("WCAG 2.1 AA").isEmpty();
            Browser.desktop(p);
            Browser.fullShot(p, "job-qalora-study-student");
            assertThat(overflow(p)).isLessThanOrEqualTo(0);

            p.reload(); // drawn by the server too
            assertThat(table.locator("tbody tr")).hasCount(10);
            assertThat(p.locator("#job-table-caption")).containsText("the base before fine-tuning");
            Browser.phone(p);
            Browser.fullShot(p, "job-qalora-study-student-390");
            assertThat(overflow(p)).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);

            SubmissionView s = waitUntilNotPending(server, beaViewer, "study");
            assertThat(s.jobId()).isEqualTo(jobId);
            assertThat(s.status()).as(s.message()).isEqualTo(SubmissionStatus.GRADED);
            assertThat(s.publicScore()).as("every row of the table complete").isEqualTo(1.0);

            Page q = chromium.signIn(server, "prof@uni.edu", errors);
            q.navigate(server.url("/jobs/" + jobId));
            assertThat(q.locator("#job-table tbody tr")).hasCount(10);
            Browser.desktop(q);
            Browser.fullShot(q, "job-qalora-study-instructor");
            assertThat(overflow(q)).isLessThanOrEqualTo(0);
            Browser.phone(q);
            Browser.fullShot(q, "job-qalora-study-instructor-390");
            assertThat(overflow(q)).isLessThanOrEqualTo(0);
            assertThat(Browser.axe(q, "study job page, instructor")).as("WCAG 2.1 AA").isEmpty();

            assertThat(bob.get("/jobs/" + jobId).statusCode()).as("another student").isEqualTo(404);
            assertThat(bob.get("/jobs/" + jobId + "/artefacts/study.json").statusCode()).isEqualTo(404);
            assertThat(errors).as("console errors").isEmpty();
        }
    }

    private static SubmissionView waitUntilNotPending(TestServer server, Viewer viewer) throws InterruptedException {
        return waitUntilNotPending(server, viewer, "compete");
    }

    private static SubmissionView waitUntilNotPending(TestServer server, Viewer viewer, String exercise) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        SubmissionView s = server.platform.submissions().history(viewer, "qalora", exercise).get(0);
        while (s.status() == SubmissionStatus.PENDING && System.nanoTime() < end) {
            Thread.sleep(250);
            s = server.platform.submissions().history(viewer, "qalora", exercise).get(0);
        }
        return s;
    }
}
