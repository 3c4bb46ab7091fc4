package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.nlulab.grader.LabCourseFixture;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A student hands in predictions and an instructor reads the boards, in a real Chromium. */
class LabsBrowserTest {
    static LabCourseFixture course;
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        course = new LabCourseFixture();
        server = course.server();
        server.user("first@uni.edu", Role.ADMIN);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    @Test
    void aStudentUploadsAGoodAndABadFileAndSeesScoreRankAndErrors(@TempDir Path dir) throws Exception {
        server.user("ada@uni.edu", Role.STUDENT);
        server.user("bob@uni.edu", Role.STUDENT);
        // a classmate first, so that the board has two rows and a spread
        List<String> errors = new ArrayList<>();
        Page bob = chromium.signIn(server, "bob@uni.edu", errors, Browser.FAILED_LOAD);
        Path half = dir.resolve("half.csv");
        Files.write(half, LabCourseFixture.predictions(i -> i % 2 == 0));
        bob.navigate(server.url("/labs/open"));
        bob.locator("#cls input[name=predictions]").setInputFiles(half);
        bob.locator("#cls").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Submit predictions")).click();
        assertThat(bob.locator("#cls .outcome.graded")).isVisible();

        Page p = chromium.signIn(server, "ada@uni.edu", errors, Browser.FAILED_LOAD);
        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Labs")).click();
        Browser.fullShot(p, "labs-list");
        p.getByText("Open competition").click();

        Path good = dir.resolve("good.csv");
        Files.write(good, LabCourseFixture.predictions(i -> true));
        p.locator("#cls input[name=predictions]").setInputFiles(good);
        p.locator("#cls").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Submit predictions")).click();
        assertThat(p.locator("#cls .outcome.graded .score")).hasText("1.0000");
        assertThat(p.locator("#cls .outcome.graded .rank")).hasText("1");
        assertThat(p.locator("#cls .left-today")).hasText("1");

        Path bad = dir.resolve("bad.csv");
        Files.write(bad, LabCourseFixture.badPredictions());
        p.locator("#cls input[name=predictions]").setInputFiles(bad);
        p.locator("#cls").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Submit predictions")).click();
        assertThat(p.locator("#cls .outcome.invalid")).containsText("costs no submission");
        assertThat(p.locator("#cls .outcome.invalid ol.problems li").first()).containsText("line 3");
        assertThat(p.locator("#cls .left-today")).hasText("1");
        Browser.fullShot(p, "lab-page-student");
        assertThat(Browser.axe(p, "lab page with a refused file")).isEmpty();

        p.locator("#cls").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Leaderboard")).click();
        assertThat(p.locator("h1")).containsText("Public leaderboard");
        assertThat(p.locator("tr.me td").first()).hasText("1");
        assertThat(p.locator("svg.histogram rect.bar")).hasCount(10);
        Browser.fullShot(p, "leaderboard-public");

        // the job form: a value out of range comes back with its message next to the field
        p.navigate(server.url("/labs/open"));
        p.locator("#run input[name=k1]").fill("9");
        p.locator("#run").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job")).click();
        assertThat(p.locator("#run label.invalid .field-error")).hasText("must be at most 3, was 9");
        assertThat(Browser.axe(p, "lab page with a job form error")).isEmpty();
        p.locator("#run").scrollIntoViewIfNeeded();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("lab-job-form-error")));
        assertThat(errors).as("console errors (CSP violations show here)").isEmpty();
    }

    @Test
    void anInstructorSeesTheFinalBoardAfterTheDeadlineAndEverySubmission(@TempDir Path dir) throws Exception {
        server.user("cy@uni.edu", Role.STUDENT);
        server.user("dee@uni.edu", Role.STUDENT);
        server.user("prof@uni.edu", Role.INSTRUCTOR);
        List<String> errors = new ArrayList<>();
        int k = 0;
        for (String who : List.of("cy@uni.edu", "dee@uni.edu")) {
            Page s = chromium.signIn(server, who, errors, Browser.FAILED_LOAD);
            Path f = dir.resolve("p" + k + ".csv");
            final int shift = k++;
            // cy leads on the public half, dee on the private one
            Files.write(f, LabCourseFixture.predictions(i -> LabCourseFixture.isPublic("past", "cls", i) == (shift == 0) || i < 3));
            s.navigate(server.url("/labs/past"));
            s.locator("#cls input[name=predictions]").setInputFiles(f);
            s.locator("#cls").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Submit predictions")).click();
            assertThat(s.locator("#cls .outcome.graded")).containsText("late");
        }
        Page p = chromium.signIn(server, "prof@uni.edu", errors, Browser.FAILED_LOAD);
        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Grades")).click();
        assertThat(p.locator("table.grades")).containsText("Past competition");
        Browser.fullShot(p, "grades-instructor");

        p.navigate(server.url("/labs/past/cls/leaderboard"));
        assertThat(p.locator("h1")).containsText("Final leaderboard");
        assertThat(p.locator("table.board")).containsText("cy");
        assertThat(p.locator("td.move.up")).hasCount(1);
        assertThat(p.locator("td.move.down")).hasCount(1);
        Browser.fullShot(p, "leaderboard-final-instructor");

        p.navigate(server.url("/labs/past/cls/submissions"));
        assertThat(p.locator("table.submissions tbody tr")).hasCount(2);
        assertThat(p.locator(".stats-row")).containsText("participation");
        Browser.fullShot(p, "lab-submissions-instructor");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Regrade").setExact(true)).first().click();
        assertThat(p.locator(".flash")).containsText("regraded: graded");
        assertThat(Browser.axe(p, "submissions after a regrade")).isEmpty();

        // an extension: the browser already refuses a date before the lab's deadline (the server does too); a good one is listed
        p.getByLabel("Student").selectOption(new SelectOption().setLabel("cy (cy@uni.edu)"));
        p.getByLabel("New deadline").fill(LocalDateTime.now(ZoneId.of("Europe/Berlin")).minusDays(2).withSecond(0).withNano(0).toString());
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Grant")).click();
        assertThat(p.getByLabel("New deadline").evaluate("input => input.validity.rangeUnderflow")).isEqualTo(true);
        assertThat(p.locator("table.extensions")).hasCount(0);
        LocalDateTime later = LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusDays(3).withSecond(0).withNano(0);
        p.getByLabel("Student").selectOption(new SelectOption().setLabel("cy (cy@uni.edu)"));
        p.getByLabel("New deadline").fill(later.toString());
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Grant")).click();
        assertThat(p.locator(".flash")).containsText("cy may submit Classify the items until");
        assertThat(p.locator("table.extensions tbody tr")).hasCount(1);
        assertThat(p.locator("table.extensions")).containsText("cy");
        assertThat(Browser.axe(p, "submissions with an extension granted")).isEmpty();
        Browser.fullShot(p, "lab-submissions-extensions-instructor");
        Browser.phone(p);
        Browser.fullShot(p, "lab-submissions-extensions-instructor-390");
        assertThat(errors).isEmpty();
    }

    @Test
    void theReverseDictionaryLabReadsWellWithItsUploadAndJobForms() {
        try (TestServer real = TestServer.start()) {
            real.user("first@uni.edu", Role.ADMIN);
            real.user("eve@uni.edu", Role.STUDENT);
            Page p = chromium.signIn(real, "eve@uni.edu", new ArrayList<>());
            p.navigate(real.url("/labs/reverse-dictionary"));
            assertThat(p.locator("#test input[name=predictions]")).isVisible();
            assertThat(p.locator("#bm25 select[name=other_senses]")).hasValue("true");
            assertThat(p.locator("#bm25 input[name=k1]")).hasValue("1.2");
            assertThat(p.locator("#task table").first()).containsText("vocabulary.txt");
            Browser.fullShot(p, "lab-page-reverse-dictionary");
        }
    }
}
