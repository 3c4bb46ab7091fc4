package dev.nlulab.browser;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compare runs and Try your model on two tiny fine-tuning jobs a student ran: over HTTP (who may see
 * what, bad ids, the merged model answering on the Model page as the generator does on its folder,
 * at most {@code model.tried.max} loaded) and in Chromium at 1280 and 390 px as the student and an instructor.
 */
class QaLoraCompareBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "Q: Reverse the words: red blue green\nA:";
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
    void aStudentComparesTheirRunsAndTriesTheirMergedModelAndNoOneElseCan() throws Exception {
        QaLoraCourse course = new QaLoraCourse();
        try (TestServer server = TestServer.start(Map.of("course.dir", course.course.toString(), "jobs.tick.ms", "200", "cpu.slots", "2",
                "model.tried.max", "1", "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            User bea = server.user("bea@uni.edu", Role.STUDENT);
            TestClient beaHttp = new TestClient(server);
            beaHttp.signIn("bea@uni.edu", TestServer.PASSWORD);
            TestClient bob = server.signedIn("bob@uni.edu", Role.STUDENT);
            TestClient prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
            JobService jobs = server.platform.jobs();
            long a = submit(jobs, bea, course, "{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 2, \"lr\": 0.01, \"warmup\": 0, \"steps\": 6, \"batch_size\": 4, \"eval_every\": 3}");
            long b = submit(jobs, bea, course, "{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 1, \"lr\": 0.02, \"warmup\": 0, \"steps\": 6, \"batch_size\": 4, \"eval_every\": 3}");
            // while they run: a queued or running job cannot be tried, and a run not started cannot be compared
            HttpResponse<String> early = beaHttp.get("/model?job=" + a);
            assertThat(early.statusCode()).isEqualTo(422);
            assertThat(early.body()).contains("Job " + a + " has not finished");
            awaitEnd(jobs, a);
            awaitEnd(jobs, b);

            // compare: the owner and instructors; anyone else finds no such job
            String both = "/labs/qalora/compare?jobs=" + a + "&jobs=" + b;
            HttpResponse<String> own = beaHttp.get(both);
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.body()).contains("QA-LoRA INT4 g16", "Dev accuracy after merging", "Merge check");
            assertThat(prof.get("/labs/qalora/compare?jobs=" + a + "," + b).statusCode()).isEqualTo(200);
            HttpResponse<String> other = bob.get(both);
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(other.body()).contains("There is no job " + a + ".");
            assertThat(bob.get("/labs/qalora/compare").body()).doesNotContain("#" + a + " ");
            HttpResponse<String> word = beaHttp.get("/labs/qalora/compare?jobs=" + a + "&jobs=twelve");
            assertThat(word.statusCode()).isEqualTo(400);
            assertThat(word.body()).contains("jobs must be job numbers; &#39;twelve&#39; is not one.");
            HttpResponse<String> one = beaHttp.get("/labs/qalora/compare?jobs=" + a + "&jobs=" + a);
            assertThat(one.statusCode()).isEqualTo(400);
            assertThat(one.body()).contains("Pick two or more runs to compare");
            assertThat(beaHttp.get("/labs/qalora/compare?jobs=" + a + ",999999").statusCode()).isEqualTo(404);

            // try the merged model: accepted while it loads, then answered as the generator answers on the merged folder
            Path merged = jobs.jobDir(a).resolve("artefacts");
            String expected = direct(merged, PROMPT, 8);
            HttpResponse<String> first = ask(server, beaHttp, a, PROMPT, 8);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(JSON.readTree(first.body()).path("status").asText()).isEqualTo("loading");
            awaitTried(server, beaHttp, a);
            HttpResponse<String> answered = ask(server, beaHttp, a, PROMPT, 8);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(JSON.readTree(answered.body()).path("text").asText()).isEqualTo(expected);
            // another student cannot pick it, by the page, the form or the status
            assertThat(bob.get("/model?job=" + a).statusCode()).isEqualTo(404);
            assertThat(ask(server, bob, a, PROMPT, 8).statusCode()).isEqualTo(404);
            assertThat(bob.get("/model/tried?job=" + a).statusCode()).isEqualTo(404);
            assertThat(bob.get("/model").body()).doesNotContain("merged model of job #" + a);
            assertThat(ask(server, beaHttp, -1, PROMPT, 8).statusCode()).isEqualTo(400);
            // model.tried.max 1: trying b unloads a
            beaHttp.get("/model?job=" + b);
            assertThat(server.platform.tried().held()).containsExactly(jobs.jobDir(b).resolve("artefacts").toAbsolutePath().normalize());
            assertThat(ask(server, beaHttp, a, PROMPT, 8).statusCode()).as("a loads again").isEqualTo(202);

            // in Chromium: the comparison and the Model page with a tried model, as the student and the instructor
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, "bea@uni.edu", errors);
            p.navigate(server.url("/jobs"));
            p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare fine-tuning runs")).click();
            p.getByLabel("#" + a + " QA-LoRA INT4 g16").check();
            p.getByLabel("#" + b + " QA-LoRA INT4 g16").check();
            p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare")).click();
            assertThat(p.locator("h1")).hasText("Compare runs");
            assertThat(p).hasURL(java.util.regex.Pattern.compile(".*jobs=" + b + "&jobs=" + a)); // the picker lists the newest first
            comparisonIsDrawn(p, "bea");
            p.navigate(server.url("/model?job=" + a));
            tryTheModel(p, expected, "bea");

            Page q = chromium.signIn(server, "prof@uni.edu", errors);
            q.navigate(server.url(both));
            comparisonIsDrawn(q, "prof");
            assertThat(q.locator(".compare-runs")).containsText("bea");
            q.navigate(server.url("/model"));
            q.locator("select[name=job]").selectOption(String.valueOf(b));
            q.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use this model")).click();
            assertThat(q.locator("#tried-status")).containsText("job #" + b);
            assertThat(q.locator("#tried-status")).containsText("(bea)");
            assertThat(q.locator("#tried-status .pill")).hasText("loaded", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
            assertThat(Browser.axe(q, "model page, instructor trying a student's model")).as("WCAG 2.1 AA").isEmpty();
            Browser.desktop(q);
            Browser.fullShot(q, "model-tried-instructor");
            assertThat(errors).as("console errors").isEmpty();
        }
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
}
