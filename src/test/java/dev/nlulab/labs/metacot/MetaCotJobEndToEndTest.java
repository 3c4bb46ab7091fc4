package dev.nlulab.labs.metacot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.grader.SubmissionStatus;
import dev.nlulab.grader.SubmissionView;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobState;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Meta-CoT lab's study exercise through the whole platform on a small copy of the lab: a template with a
 * typo is refused at its field before anything is queued; a good form queues a prompting job, the scheduler runs
 * it on the course model in its own JVM, the grader scores its predictions onto the leaderboard, and its report
 * holds each question's exact prompt and completion.
 */
class MetaCotJobEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPromptingJobRunsOnTheQueueIsGradedAndReportsEveryPrompt(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(Map.of("course.dir", MiniLab.create(dir).toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            TestClient c = server.signedIn("ada@uni.edu", Role.STUDENT);
            User ada = server.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow();
            String page = c.get("/labs/metacot").body();
            assertThat(page).contains("name=\"question_template\"").contains("name=\"identification\"").contains("name=\"sort_tries\"");

            HttpResponse<String> refused = c.post("/labs/metacot/study/jobs", Map.of("method", "zero-shot-cot",
                    "question_template", "Q: {questoin}\\nA:"));
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("has the unknown slot {questoin}; its slots are {question}");
            assertThat(server.platform.jobs().listOwn(ada.id(), 10)).isEmpty();

            HttpResponse<String> r = c.post("/labs/metacot/study/jobs", Map.of("method", "zero-shot-cot", "identification", "centroid",
                    "dev_per_family", "1", "max_tokens", "64"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            SubmissionView s = waitUntilNotPending(server, Viewer.student(ada.id()));
            Job job = server.platform.jobs().find(s.jobId()).orElseThrow();
            assertThat(s.status()).as(s.message() + "\n" + server.platform.jobs().logTail(job.id(), 40)).isEqualTo(SubmissionStatus.GRADED);
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(s.publicScore()).isBetween(0.0, 1.0);
            assertThat(server.platform.jobs().logTail(job.id(), 40)).contains("zero-shot-cot on course-model (centroid identification)")
                    .contains("dev accuracy");
            assertThat(c.get("/labs/metacot/study/leaderboard").body()).contains(String.format(java.util.Locale.ROOT, "%.4f", s.publicScore()));

            JsonNode report = JSON.readTree(c.get("/jobs/" + job.id() + "/artefacts/report.json").body());
            assertThat(report.path("method").asText()).isEqualTo("zero-shot-cot");
            assertThat(report.path("accuracy").path("by_dataset")).hasSize(12);
            assertThat(report.path("identification_report").path("decided_by").path("centroid").asInt()).isEqualTo(24);
            assertThat(report.path("usage").path("calls").asInt()).isEqualTo(48); // two calls for each of 12 dev and 12 test questions
            String questions = c.get("/jobs/" + job.id() + "/artefacts/questions.jsonl").body();
            List<String> lines = questions.lines().toList();
            assertThat(lines).hasSize(24);
            JsonNode test = JSON.readTree(lines.get(23));
            assertThat(test.path("split").asText()).isEqualTo("test");
            assertThat(test.has("gold")).as("no key reaches a student").isFalse();
            assertThat(test.path("calls").get(0).path("prompt").asText())
                    .isEqualTo("Q: " + test.path("question").asText() + "\nA: Let's think step by step.");
            assertThat(test.path("calls").get(1).path("prompt").asText()).contains("\nTherefore, ");

            // the report page: linked from the job's page, the owner's and instructors' only
            assertThat(c.get("/jobs/" + job.id()).body()).contains("href=\"/labs/metacot/reports/" + job.id() + "\"");
            String reportPage = c.get("/labs/metacot/reports/" + job.id() + "?split=test").body();
            assertThat(reportPage).contains("Scenario identification on dev")
                    .contains("12 questions; page 1 of 1").contains(">" + test.path("id").asText() + "<")
                    .contains("Let&#39;s think step by step.");
            assertThat(server.signedIn("bob@uni.edu", Role.STUDENT).get("/labs/metacot/reports/" + job.id()).statusCode()).isEqualTo(404);
            assertThat(server.signedIn("prof@uni.edu", Role.INSTRUCTOR).get("/labs/metacot/reports/" + job.id()).statusCode()).isEqualTo(200);
            lookAtTheReport(server, job.id(), test.path("id").asText());
        }
    }

    /** The report in Chromium as its owner: open a test question, see its prompt; screenshots at 1280 and 390 px. */
    private static void lookAtTheReport(TestServer server, long jobId, String questionId) {
        try (dev.nlulab.browser.Browser chromium = new dev.nlulab.browser.Browser()) {
            List<String> errors = new java.util.ArrayList<>();
            Page p = chromium.signIn(server, "ada@uni.edu", errors);
            p.navigate(server.url("/jobs/" + jobId));
            p.getByText("Open the full report").click();
            p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Test").setExact(true)).click();
            Locator q = p.locator("#q-" + questionId);
            q.locator("summary").click();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(q.locator("pre.prompt").first()).isVisible();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(q.locator("pre.prompt").first()).containsText("Let's think step by step.");
            p.screenshot(new Page.ScreenshotOptions().setPath(dev.nlulab.browser.Browser.shot("metacot-report")).setFullPage(true));
            p.setViewportSize(390, 844);
            q.scrollIntoViewIfNeeded();
            p.screenshot(new Page.ScreenshotOptions().setPath(dev.nlulab.browser.Browser.shot("metacot-report-390")));
            int overflow = ((Number) p.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
            assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
            assertThat(errors).isEmpty();
        }
    }

    private static SubmissionView waitUntilNotPending(TestServer server, Viewer viewer) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        SubmissionView s = null;
        while (System.nanoTime() < end) {
            s = server.platform.submissions().history(viewer, "metacot", "study").get(0);
            if (s.status() != SubmissionStatus.PENDING) break;
            Thread.sleep(250);
        }
        return s;
    }
}
