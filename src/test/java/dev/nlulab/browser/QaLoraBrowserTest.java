package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.accounts.Role;
import dev.nlulab.labs.qalora.QaLoraCourse;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
            Browser.fullShotAt(p, "lab-qalora-student", 1280);
            assertThat(overflow(p)).as("no sideways scrolling at 1280 px").isLessThanOrEqualTo(0);
            p.setViewportSize(390, 844);
            Browser.fullShotAt(p, "lab-qalora-student-390", 390);
            assertThat(overflow(p)).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);

            Page q = chromium.signIn(server, "prof@uni.edu", errors);
            q.navigate(server.url("/labs/qalora"));
            assertThat(q.locator("#compete")).containsText("Start the job");
            Browser.fullShotAt(q, "lab-qalora-instructor", 1280);
            assertThat(errors).as("console errors").isEmpty();
        }
    }

    @Test
    void aStudentStartsAFineTuningJobFromTheFormAndFollowsItToItsReport() {
        QaLoraCourse course = new QaLoraCourse();
        try (TestServer server = TestServer.start(Map.of("course.dir", course.course.toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            server.user("bea@uni.edu", Role.STUDENT);
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, "bea@uni.edu", errors, Browser.FAILED_LOAD); // the refused form answers 422
            p.navigate(server.url("/labs/qalora"));

            // a group size the base cannot use: refused on its field, nothing started
            p.locator("#compete input[name=group_size]").fill("24");
            p.locator("#compete").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job")).click();
            assertThat(p.locator("#compete label.invalid .field-error")).containsText("24 does not divide the input width 32");
            p.locator("#compete").screenshot(new Locator.ScreenshotOptions().setPath(Browser.shot("lab-qalora-field-error")));

            p.locator("#compete input[name=group_size]").fill("16");
            p.locator("#compete").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job")).click();
            assertThat(p.locator("#compete .outcome")).containsText("is queued; it is graded when it ends");
            p.locator("#compete .outcome").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Follow the job")).click();
            assertThat(p.locator("h1")).containsText("Job #");

            assertThat(p.locator("#job-state")).hasText("Succeeded", new LocatorAssertions.HasTextOptions().setTimeout(150_000));
            assertThat(p.locator("#job-summary")).isVisible();
            assertThat(p.locator("#job-summary")).containsText("Merge check");
            assertThat(p.locator("#job-summary")).containsText("exact (below 1.0E-4)");
            assertThat(p.locator("#job-dev-loss-row")).isVisible();
            assertThat(p.locator("#loss-chart canvas")).isVisible();
            assertThat(p.locator("#loss-chart")).hasAttribute("data-points", "12");
            assertThat(p.locator("#loss-chart")).containsText("dev loss"); // the chart's key
            assertThat(p.locator("#job-artefacts")).containsText("adapter_model.safetensors");
            assertThat(p.locator("#job-artefacts")).containsText("report.json");
            Browser.fullShotAt(p, "job-qalora-student", 1280);
            assertThat(overflow(p)).isLessThanOrEqualTo(0);

            // opened again: the server draws the same report
            p.reload();
            assertThat(p.locator("#job-summary")).containsText("Dev accuracy after merging");
            p.setViewportSize(390, 844);
            Browser.fullShotAt(p, "job-qalora-student-390", 390);
            assertThat(overflow(p)).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
            assertThat(errors).as("console errors").isEmpty();
        }
    }
}
