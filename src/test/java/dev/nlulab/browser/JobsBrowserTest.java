package dev.nlulab.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.accounts.Role;
import dev.nlulab.accounts.User;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobService;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A student follows a real job live to its end in Chromium; an instructor then finds it among all jobs. */
class JobsBrowserTest {
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("jobs.tick.ms", "200",
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
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("jobs-student")).setFullPage(true));
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
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("job-student-running")).setFullPage(true));
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
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("job-student-succeeded")).setFullPage(true));

        List<String> profErrors = new ArrayList<>();
        Page q = chromium.signIn(server, "prof@uni.edu", profErrors);
        q.navigate(server.url("/jobs"));
        assertThat(q.locator("h1")).hasText("All jobs");
        assertThat(q.locator("tr[data-job='" + job.id() + "']")).containsText("ada");
        assertThat(q.locator("tr[data-job='" + job.id() + "'] .pill")).hasText("Succeeded");
        assertThat(q.locator("#capacity-chart canvas")).isVisible();
        q.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("jobs-instructor")).setFullPage(true));
        assertThat(errors).as("student console errors (CSP violations show here)").isEmpty();
        assertThat(profErrors).as("instructor console errors").isEmpty();
    }
}
