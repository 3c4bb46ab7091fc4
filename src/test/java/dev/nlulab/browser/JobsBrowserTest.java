package dev.nlulab.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobService;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A student follows a real job live to its end in Chromium; an instructor then finds it among all jobs. */
class JobsBrowserTest {
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        // a course far east of UTC, so a time written in the browser's zone differs from the course's
        server = TestServer.start(Map.of("jobs.tick.ms", "200", "course.timezone", "Asia/Tokyo",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of());
        server.user("admin@uni.edu", Role.ADMIN);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    @Test
    void studentFollowsAJobLiveToTheEndAndTheInstructorSeesIt() throws Exception {
        User ada = server.user("ada@uni.edu", Role.STUDENT);
        server.user("prof@uni.edu", Role.INSTRUCTOR);
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "ada@uni.edu", errors);

        // slow steps (a sleep each) so the page sees the job run, not only its end
        Job job = server.platform.jobs().submit(new JobService.JobRequest(ada.id(), "lab2", "qalora-tiny", "test-steps",
                new ObjectMapper().readTree("{\"steps\": 30, \"step_ms\": 150}"), Duration.ofMinutes(5)));
        p.navigate(server.url("/jobs"));
        assertThat(p.locator("tr[data-job='" + job.id() + "'] .pill")).isVisible();
        Browser.fullShot(p, "jobs-student");
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("#" + job.id())).click();
        assertThat(p.locator("h1")).containsText("Job #" + job.id());

        // running: progress moves and the loss curve is drawn, without reloading
        assertThat(p.locator("#job-state")).hasText("Running", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
        p.waitForFunction("() => { const v = document.getElementById('job-progress').value; return v >= 20 && v < 100; }", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
        assertThat(p.locator("#loss-chart canvas")).isVisible();
        int midway = Integer.parseInt(p.locator("#loss-chart").getAttribute("data-points"));
        assertThat(midway).as("loss points drawn while running").isBetween(2, 29);
        assertThat(p.locator("#job-state")).hasText("Running");
        Browser.fullShot(p, "job-student-running");
        assertThat(Browser.axe(p, "a running job")).isEmpty();
        Object urlBefore = p.evaluate("() => performance.getEntriesByType('navigation').length + ':' + location.href");

        assertThat(p.locator("#job-state")).hasText("Succeeded", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(p.locator("#job")).hasAttribute("data-live", "ended");
        assertThat(p.locator("#job-progress-text")).hasText("100 %");
        assertThat(p.locator("[data-metric=step]")).hasText("30");
        assertThat(p.locator("[data-metric=loss]")).hasText(String.format("%.4f", 1.0 / 30));
        assertThat(p.locator("#job-artefacts")).containsText("predictions.jsonl");
        assertThat(p.locator("#job-cancel")).hasCount(0);
        assertThat(p.locator("#job-log")).containsText("step");
        assertThat(p.locator("#loss-chart")).hasAttribute("data-points", "30");
        assertThat(p.locator("#loss-chart canvas")).hasCount(1);
        assertThat(p.evaluate("() => performance.getEntriesByType('navigation').length + ':' + location.href")).isEqualTo(urlBefore);
        assertThat(p.locator("#loss-summary")).hasText(String.format(java.util.Locale.ROOT, "Loss from %.4f at step 1 to %.4f at step 30; lowest %.4f at step 30.", 1.0, 1.0 / 30, 1.0 / 30));
        Browser.fullShot(p, "job-student-succeeded");

        List<String> profErrors = new ArrayList<>();
        Page q = chromium.signIn(server, "prof@uni.edu", profErrors);
        q.navigate(server.url("/jobs"));
        assertThat(q.locator("h1")).hasText("All jobs");
        assertThat(q.locator("tr[data-job='" + job.id() + "']")).containsText("ada");
        assertThat(q.locator("tr[data-job='" + job.id() + "'] .pill")).hasText("Succeeded");
        assertThat(q.locator("#capacity-chart canvas")).isVisible();
        Browser.fullShot(q, "jobs-instructor");
        assertThat(errors).as("student console errors (CSP violations show here)").isEmpty();
        assertThat(profErrors).as("instructor console errors").isEmpty();
    }

    @Test
    void studentStartsABm25JobFromTheLabAndFollowsItLiveToItsGrade() {
        server.user("bea@uni.edu", Role.STUDENT);
        server.user("ines@uni.edu", Role.INSTRUCTOR);
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "bea@uni.edu", errors);
        p.navigate(server.url("/labs/reverse-dictionary"));
        p.locator("#bm25").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job")).click();
        assertThat(p.locator("#bm25 .outcome")).containsText("is queued; it is graded when it ends");
        p.locator("#bm25 .outcome").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Follow the job")).click();
        assertThat(p.locator("h1")).containsText("Job #");
        String jobUrl = p.url();
        Object navigations = p.evaluate("() => performance.getEntriesByType('navigation').length + ':' + location.href");

        // a job kind with no loss: the page follows its log and progress, and shows no empty loss chart
        assertThat(p.locator("#job-state")).hasText("Succeeded", new LocatorAssertions.HasTextOptions().setTimeout(90_000));
        assertThat(p.locator("#job")).hasAttribute("data-live", "ended");
        assertThat(p.locator("#job-log")).containsText("wrote the top 10 words for 2000 queries");
        assertThat(p.locator("#job-progress-text")).hasText("100 %");
        assertThat(p.locator("#job-artefacts")).containsText("predictions.jsonl");
        assertThat(p.locator("#loss-chart")).not().isVisible();
        assertThat(p.evaluate("() => performance.getEntriesByType('navigation').length + ':' + location.href")).isEqualTo(navigations);
        Browser.fullShot(p, "job-bm25-student-ended");
        assertThat(Browser.axe(p, "an ended job without metrics")).isEmpty();

        // opened again once it has ended: the same page, drawn from the server, then the stream's last word
        p.navigate(jobUrl);
        assertThat(p.locator("#job")).hasAttribute("data-live", "ended");
        assertThat(p.locator("#job-log")).containsText("wrote the top 10 words for 2000 queries");
        Browser.phone(p);
        Browser.fullShot(p, "job-bm25-student-390");
        assertThat(AccessibilityBrowserTest.sideways(p)).as("the job page at 390 px").isNull();
        Browser.desktop(p);

        // and the grade is on the lab page
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("reverse-dictionary / bm25")).click();
        Locator row = p.locator("#bm25 table.history tbody tr").first();
        assertThat(row.locator(".pill")).hasText("graded", new LocatorAssertions.HasTextOptions().setTimeout(10_000));
        assertThat(row.locator("td.num").first()).hasText("1"); // the student's first submission
        assertThat(row.locator("td.num").nth(1)).containsText(java.util.regex.Pattern.compile("^0\\.\\d{4}"));
        assertThat(row.locator("td.num").nth(1)).containsText("success@5 0.");
        p.locator("#bm25").screenshot(new Locator.ScreenshotOptions().setPath(Browser.shot("lab-bm25-graded-student")));
        Browser.phone(p);
        p.locator("#bm25").screenshot(new Locator.ScreenshotOptions().setPath(Browser.shot("lab-bm25-graded-student-390")));
        Browser.desktop(p);

        // the leaderboard shows every metric the exercise reports, and when each student last handed in
        p.locator("#bm25").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Leaderboard")).click();
        assertThat(p.locator("table.board thead")).containsText("mrr@10");
        assertThat(p.locator("table.board thead")).containsText("success@5");
        assertThat(p.locator("table.board thead")).containsText("Last entry");
        assertThat(p.locator("table.board tr.me td").nth(3)).hasText(java.util.regex.Pattern.compile("0\\.\\d{4}"));
        Browser.fullShot(p, "leaderboard-bm25-student");
        Browser.phone(p);
        Browser.fullShot(p, "leaderboard-bm25-student-390");
        assertThat(lines(p.locator("table.board tr.me td.when"))).as("the last entry's date on a phone").isEqualTo(1);

        List<String> profErrors = new ArrayList<>();
        Page q = chromium.signIn(server, "ines@uni.edu", profErrors);
        q.navigate(jobUrl);
        assertThat(q.locator("#job")).hasAttribute("data-live", "ended");
        Browser.fullShot(q, "job-bm25-instructor");
        q.navigate(server.url("/labs/reverse-dictionary/bm25/leaderboard"));
        assertThat(q.locator("table.board thead")).containsText("success@5");
        Browser.fullShot(q, "leaderboard-bm25-instructor");
        q.navigate(server.url("/labs/reverse-dictionary/bm25/submissions"));
        assertThat(q.locator("table.submissions")).containsText("success@5 0.");
        Browser.fullShot(q, "lab-submissions-bm25-instructor");
        Browser.phone(q);
        Browser.fullShot(q, "lab-submissions-bm25-instructor-390");
        assertThat(lines(q.locator("table.submissions .when").first())).as("a submission's date on a phone").isEqualTo(1);
        assertThat(lines(q.locator("table.submissions .reported").first())).as("a reported metric on a phone").isEqualTo(1);
        q.navigate(jobUrl);
        Browser.fullShot(q, "job-bm25-instructor-390");
        assertThat(errors).as("student console errors").isEmpty();
        assertThat(profErrors).as("instructor console errors").isEmpty();
    }

    @Test
    void theCapacityChartWritesTimesInTheCoursesZoneNotTheBrowsers() throws Exception {
        server.user("kai@uni.edu", Role.INSTRUCTOR);
        server.user("lea@uni.edu", Role.STUDENT);
        List<String> errors = new ArrayList<>();
        // the instructor's browser is in Los Angeles, 17 hours behind the course's Tokyo
        Page q = Browser.signIn(chromium.context(errors, text -> false, "America/Los_Angeles").newPage(), server, "kai@uni.edu");
        assertThat(q.evaluate("() => Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo("America/Los_Angeles");
        q.navigate(server.url("/jobs"));
        Locator chart = q.locator("#capacity-chart");
        assertThat(chart.locator("canvas")).isVisible();
        Locator legendTime = chart.locator(".u-legend .u-series").first();
        assertThat(legendTime.locator(".u-label")).containsText("Asia/Tokyo");

        // the cursor near the right edge: the legend writes the time of the point there
        var box = chart.locator(".u-over").boundingBox();
        chart.locator(".u-over").hover(new Locator.HoverOptions().setPosition(box.width - 2, box.height / 2));
        assertThat(legendTime.locator(".u-value")).not().hasText("--");
        String shown = legendTime.locator(".u-value").textContent();
        List<String> inTokyo = new ArrayList<>(), inLosAngeles = new ArrayList<>();
        for (var t : new ObjectMapper().readTree(chart.getAttribute("data-usage")).get("epochSeconds")) {
            inTokyo.add(MINUTE.format(Instant.ofEpochSecond(t.asLong()).atZone(ZoneId.of("Asia/Tokyo"))));
            inLosAngeles.add(MINUTE.format(Instant.ofEpochSecond(t.asLong()).atZone(ZoneId.of("America/Los_Angeles"))));
        }
        assertThat(shown).as("the legend's time, in the course's zone").isIn(inTokyo).isNotIn(inLosAngeles);

        Browser.fullShot(q, "jobs-instructor-tokyo");
        assertThat(Browser.axe(q, "the jobs page with its chart")).isEmpty();
        Browser.phone(q);
        Browser.fullShot(q, "jobs-instructor-tokyo-390");
        assertThat(AccessibilityBrowserTest.sideways(q)).as("the jobs page at 390 px").isNull();
        assertThat(errors).as("instructor console errors").isEmpty();

        // students see their own jobs and no capacity chart
        List<String> studentErrors = new ArrayList<>();
        Page p = chromium.signIn(server, "lea@uni.edu", studentErrors);
        p.navigate(server.url("/jobs"));
        assertThat(p.locator("h1")).hasText("My jobs");
        assertThat(p.locator("#capacity-chart")).hasCount(0);
        assertThat(studentErrors).as("student console errors").isEmpty();
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);

    /** How many lines an element's text takes on the screen. */
    static int lines(Locator element) {
        return ((Number) element.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); "
                + "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")).intValue();
    }
}
