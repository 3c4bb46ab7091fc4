package dev.nlulab.browser;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.grader.SubmissionStatus;
import dev.nlulab.grader.SubmissionView;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.JobState;
import dev.nlulab.labs.qalora.QaLoraCourse;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The QA-LoRA lab as a student sees it in Chromium: the shipped lab page (instructions, data, the job
 * form) at 1280 and 390 px, and, on a tiny base, a fine-tuning job started from the form and followed to
 * its report, loss curves and downloads; the study; Compare runs and Try your model on two jobs. The
 * tests on the tiny base share one server (each with a student of its own; the jobs they start are theirs).
 */
class QaLoraBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "Q: Reverse the words: red blue green\nA:";
    static Browser chromium;
    static QaLoraCourse course;
    /** The server on the tiny course: two CPU slots (two jobs at once), at most one tried model loaded. */
    static TestServer server;
    static TestClient prof;
    static TestClient bob;

    @BeforeAll
    static void start() {
        chromium = new Browser();
        course = new QaLoraCourse();
        server = TestServer.start(Map.of("course.dir", course.course.toString(), "jobs.tick.ms", "200", "cpu.slots", "2",
                "model.tried.max", "1", "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of());
        server.user("first@uni.edu", Role.ADMIN);
        prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
        bob = server.signedIn("bob@uni.edu", Role.STUDENT);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        chromium.close();
    }

    private static int overflow(Page p) {
        return ((Number) p.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).intValue();
    }

    @Test
    void theShippedLabPageTeachesAndOffersTheJobFormAtBothWidths() {
        try (TestServer shipped = TestServer.start(Map.of(), List.of())) {
            shipped.user("first@uni.edu", Role.ADMIN);
            shipped.user("ada@uni.edu", Role.STUDENT);
            shipped.user("prof@uni.edu", Role.INSTRUCTOR);
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(shipped, "ada@uni.edu", errors);
            p.navigate(shipped.url("/labs/qalora"));
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

            Page q = chromium.signIn(shipped, "prof@uni.edu", errors);
            q.navigate(shipped.url("/labs/qalora"));
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
        User bea = server.user("bea@uni.edu", Role.STUDENT);
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

    /**
     * The study on a tiny base through the real queue: started from the lab page's form, run in a child JVM,
     * its page shows the table (a row per method and width, every cell filled), a loss curve per training with
     * the curves as a table, and the grader counts the table complete. Student and instructor at both widths.
     */
    @Test
    void aStudentRunsTheStudyAndItsCompleteTableIsGradedAsComplete() throws Exception {
        User cleo = server.user("cleo@uni.edu", Role.STUDENT);
        Viewer cleoViewer = Viewer.student(cleo.id());
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "cleo@uni.edu", errors);
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

        SubmissionView s = waitUntilNotPending(server, cleoViewer, "study");
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

    /**
     * Compare runs and Try your model on two tiny fine-tuning jobs a student ran: over HTTP (who may see
     * what, bad ids, the merged model answering on the Model page as the generator does on its folder,
     * at most {@code model.tried.max} loaded) and in Chromium at 1280 and 390 px as the student and an instructor.
     */
    @Test
    void aStudentComparesTheirRunsAndTriesTheirMergedModelAndNoOneElseCan() throws Exception {
        User dana = server.user("dana@uni.edu", Role.STUDENT);
        TestClient danaHttp = new TestClient(server);
        danaHttp.signIn("dana@uni.edu", TestServer.PASSWORD);
        JobService jobs = server.platform.jobs();
        long a = submit(jobs, dana, course, "{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 2, \"lr\": 0.01, \"warmup\": 0, \"steps\": 6, \"batch_size\": 4, \"eval_every\": 3}");
        long b = submit(jobs, dana, course, "{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 1, \"lr\": 0.02, \"warmup\": 0, \"steps\": 6, \"batch_size\": 4, \"eval_every\": 3}");
        // while they run: a queued or running job cannot be tried, and a run not started cannot be compared
        HttpResponse<String> early = danaHttp.get("/model?job=" + a);
        assertThat(early.statusCode()).isEqualTo(422);
        assertThat(early.body()).contains("Job " + a + " has not finished");
        awaitEnd(jobs, a);
        awaitEnd(jobs, b);

        // compare: the owner and instructors; anyone else finds no such job
        String both = "/labs/qalora/compare?jobs=" + a + "&jobs=" + b;
        HttpResponse<String> own = danaHttp.get(both);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("QA-LoRA INT4 g16", "Dev accuracy after merging", "Merge check");
        assertThat(prof.get("/labs/qalora/compare?jobs=" + a + "," + b).statusCode()).isEqualTo(200);
        HttpResponse<String> other = bob.get(both);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("There is no job " + a + ".");
        assertThat(bob.get("/labs/qalora/compare").body()).doesNotContain("#" + a + " ");
        HttpResponse<String> word = danaHttp.get("/labs/qalora/compare?jobs=" + a + "&jobs=twelve");
        assertThat(word.statusCode()).isEqualTo(400);
        assertThat(word.body()).contains("jobs must be job numbers; &#39;twelve&#39; is not one.");
        HttpResponse<String> one = danaHttp.get("/labs/qalora/compare?jobs=" + a + "&jobs=" + a);
        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(one.body()).contains("Pick two or more runs to compare");
        assertThat(danaHttp.get("/labs/qalora/compare?jobs=" + a + ",999999").statusCode()).isEqualTo(404);

        // try the merged model: accepted while it loads, then answered as the generator answers on the merged folder
        Path merged = jobs.jobDir(a).resolve("artefacts");
        String expected = direct(merged, PROMPT, 8);
        HttpResponse<String> first = ask(server, danaHttp, a, PROMPT, 8);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(JSON.readTree(first.body()).path("status").asText()).isEqualTo("loading");
        awaitTried(server, danaHttp, a);
        HttpResponse<String> answered = ask(server, danaHttp, a, PROMPT, 8);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(JSON.readTree(answered.body()).path("text").asText()).isEqualTo(expected);
        // another student cannot pick it, by the page, the form or the status
        assertThat(bob.get("/model?job=" + a).statusCode()).isEqualTo(404);
        assertThat(ask(server, bob, a, PROMPT, 8).statusCode()).isEqualTo(404);
        assertThat(bob.get("/model/tried?job=" + a).statusCode()).isEqualTo(404);
        assertThat(bob.get("/model").body()).doesNotContain("merged model of job #" + a);
        assertThat(ask(server, danaHttp, -1, PROMPT, 8).statusCode()).isEqualTo(400);
        // model.tried.max 1: trying b unloads a
        danaHttp.get("/model?job=" + b);
        assertThat(server.platform.tried().held()).containsExactly(jobs.jobDir(b).resolve("artefacts").toAbsolutePath().normalize());
        assertThat(ask(server, danaHttp, a, PROMPT, 8).statusCode()).as("a loads again").isEqualTo(202);

        // in Chromium: the comparison and the Model page with a tried model, as the student and the instructor
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "dana@uni.edu", errors);
        p.navigate(server.url("/jobs"));
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare fine-tuning runs")).click();
        p.getByLabel("#" + a + " QA-LoRA INT4 g16").check();
        p.getByLabel("#" + b + " QA-LoRA INT4 g16").check();
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare")).click();
        assertThat(p.locator("h1")).hasText("Compare runs");
        assertThat(p).hasURL(java.util.regex.Pattern.compile(".*jobs=" + b + "&jobs=" + a)); // the picker lists the newest first
        comparisonIsDrawn(p, "dana");
        p.navigate(server.url("/model?job=" + a));
        tryTheModel(p, expected, "dana");

        Page q = chromium.signIn(server, "prof@uni.edu", errors);
        q.navigate(server.url(both));
        comparisonIsDrawn(q, "prof");
        assertThat(q.locator(".compare-runs")).containsText("dana");
        q.navigate(server.url("/model"));
        q.locator("select[name=job]").selectOption(String.valueOf(b));
        q.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use this model")).click();
        assertThat(q.locator("#tried-status")).containsText("job #" + b);
        assertThat(q.locator("#tried-status")).containsText("(dana)");
        assertThat(q.locator("#tried-status .pill")).hasText("loaded", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(Browser.axe(q, "model page, instructor trying a student's model")).as("WCAG 2.1 AA").isEmpty();
        Browser.desktop(q);
        Browser.fullShot(q, "model-tried-instructor");
        assertThat(errors).as("console errors").isEmpty();
    }

    private static void comparisonIsDrawn(Page p, String who) {
        assertThat(p.locator("#compare-loss canvas")).isVisible();
        assertThat(p.locator("#compare-loss")).hasAttribute("data-series", "2");
        assertThat(p.locator("#compare-dev")).hasAttribute("data-series", "2");
        assertThat(p.locator("#compare-loss .u-legend")).containsText("QA-LoRA INT4 g16");
        Locator rank = p.locator("#compare-settings tr", new Page.LocatorOptions().setHasText("Rank"));
        assertThat(rank).hasClass(java.util.regex.Pattern.compile("differs"));
        assertThat(rank).containsText("(differs)");
        assertThat(p.locator("#compare-settings tbody tr", new Page.LocatorOptions().setHasText(java.util.regex.Pattern.compile("^\\s*Steps")))).not().hasClass(java.util.regex.Pattern.compile("differs"));
        assertThat(p.locator("#compare-report")).containsText("Dev accuracy after merging");
        p.locator("#curves-table summary").click();
        assertThat(p.locator("#curves-table tbody tr")).hasCount(2); // the dev loss at steps 3 and 6
        assertThat(Browser.axe(p, "compare runs, " + who)).as("WCAG 2.1 AA").isEmpty();
        Browser.desktop(p);
        Browser.fullShot(p, "qalora-compare-" + who);
        assertThat(overflow(p)).as("no sideways scrolling at 1280 px").isLessThanOrEqualTo(0);
        Browser.phone(p);
        Browser.fullShot(p, "qalora-compare-" + who + "-390");
        assertThat(overflow(p)).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
        Browser.desktop(p);
    }

    private static void tryTheModel(Page p, String expected, String who) {
        assertThat(p.locator("#tried-status .pill")).hasText("loaded", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        p.locator("textarea[name=prompt]").fill(PROMPT);
        p.locator("input[name=max_tokens]").fill("8");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(p.locator(".continuation")).hasText(expected);
        assertThat(p.locator("#tried-status")).containsText("Trying the merged model of job #");
        assertThat(Browser.axe(p, "model page, tried model, " + who)).as("WCAG 2.1 AA").isEmpty();
        Browser.fullShot(p, "model-tried-" + who);
        assertThat(overflow(p)).isLessThanOrEqualTo(0);
        Browser.phone(p);
        Browser.fullShot(p, "model-tried-" + who + "-390");
        assertThat(overflow(p)).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
        Browser.desktop(p);
    }

    private static long submit(JobService jobs, User user, QaLoraCourse course, String spec) throws Exception {
        return jobs.submit(new JobService.JobRequest(user.id(), "qalora", "compete", "qalora-finetune", JSON.readTree(spec), null,
                course.dataDir())).id();
    }

    private static void awaitEnd(JobService jobs, long id) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        Job j = jobs.find(id).orElseThrow();
        while (!j.state().isFinal() && System.nanoTime() < end) {
            Thread.sleep(250);
            j = jobs.find(id).orElseThrow();
        }
        assertThat(j.state()).as("job %d: %s", id, j.exitReason()).isEqualTo(JobState.SUCCEEDED);
    }

    /** The Model page's form, as its script would send it, asking for JSON. */
    private static HttpResponse<String> ask(TestServer server, TestClient client, long job, String prompt, int tokens) {
        String body = "_csrf=" + enc(client.csrfToken()) + "&job=" + job + "&prompt=" + enc(prompt) + "&max_tokens=" + tokens + "&temperature=0";
        return client.send(HttpRequest.newBuilder(URI.create(server.url("/model"))).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void awaitTried(TestServer server, TestClient client, long job) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.url("/model/tried?job=" + job)))
                    .header("Accept", "application/json").GET().build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (JSON.readTree(r.body()).path("loaded").asBoolean()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + "'s merged model did not load within 60 s");
    }

    /** What the generator continues the prompt with on the merged folder loaded directly (as `model eval` loads it). */
    private static String direct(Path dir, String prompt, int tokens) {
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = QuantizedCheckpoint.loadAny(dir, root);
             Tokenizer tokenizer = Tokenizer.forModel(dir, model.config())) {
            return new Generator(model, tokenizer).generate(List.of(prompt), GenerationConfig.greedy(tokens)).get(0).text();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
