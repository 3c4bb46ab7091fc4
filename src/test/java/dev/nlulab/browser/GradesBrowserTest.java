package dev.nlulab.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.grader.GradesCourse;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.web.TestServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grades in a real Chromium: a student hands in predictions with a write-up and reads it on My grades; an
 * instructor opens the gradebook, sorts it (by mouse and by keyboard), filters it and exports both CSVs.
 * Every page is looked at at 1280 and 390 px, checked with axe, and photographed under target/screenshots.
 */
class GradesBrowserTest {
    static GradesCourse course;
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() throws Exception {
        course = new GradesCourse();
        server = course.server();
        server.user("first@uni.edu", Role.ADMIN);
        server.user("prof@uni.edu", Role.INSTRUCTOR);
        server.user("ann@uni.edu", Role.STUDENT);
        // classmates: two with the same file (flagged), one who never submits
        for (String who : List.of("bob", "cy")) {
            User u = server.user(who + "@uni.edu", Role.STUDENT);
            server.platform.submissions().submitPredictions(Viewer.student(u.id()), "g", "cls", "p.csv",
                    new ByteArrayInputStream(GradesCourse.predictions(i -> i % 4 != 0)), who + " counted the majority label.");
        }
        server.user("dee@uni.edu", Role.STUDENT);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        server.close();
    }

    @Test
    void aStudentWritesAWriteUpWithTheSubmissionAndReadsItOnMyGrades(@TempDir Path dir) throws Exception {
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "ann@uni.edu", errors);
        p.navigate(server.url("/labs/g"));
        Path file = Files.write(dir.resolve("all-a.csv"), GradesCourse.predictions(i -> true));
        p.locator("#cls input[name=predictions]").setInputFiles(file);
        p.locator("#cls").getByLabel("Write-up: your method in a few sentences (Markdown, required)")
                .fill("I predict **the majority label** for every item.\n\n- no model\n- no features");
        Browser.fullShot(p, "lab-page-writeup-student");
        assertThat(Browser.axe(p, "lab page with a write-up field")).isEmpty();
        phone(p);
        assertThat(p.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll at 390 px").isEqualTo(true);
        Browser.fullShot(p, "lab-page-writeup-student-390");
        Browser.desktop(p);
        p.locator("#cls").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Submit predictions")).click();
        assertThat(p.locator("#cls .outcome.graded .score")).hasText("1.0000");

        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Grades")).click();
        assertThat(p.locator("h1")).hasText("My grades");
        assertThat(p.locator("#g-cls .best")).hasText("1.0000");
        assertThat(p.locator("#g-cls .final")).containsText("after the deadline");
        assertThat(p.locator("#g-cls .rank strong")).hasText("1");
        assertThat(p.locator(".writeup-text strong")).hasText("the majority label");
        assertThat(p.locator(".writeup-text li")).hasCount(2);
        assertThat(p.getByText("bob counted")).hasCount(0);
        assertThat(Browser.axe(p, "my grades")).isEmpty();
        Browser.fullShot(p, "my-grades-student");
        phone(p);
        assertThat(p.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll at 390 px").isEqualTo(true);
        assertThat(Browser.axe(p, "my grades at 390 px")).isEmpty();
        Browser.fullShot(p, "my-grades-student-390");

        Browser.desktop(p);
        p.navigate(server.url("/labs/g/cls/leaderboard"));
        assertThat(p.locator("tr.baseline")).containsText("Half right");
        assertThat(p.locator("tr.baseline .pill")).hasText("baseline");
        assertThat(Browser.axe(p, "leaderboard with a baseline")).isEmpty();
        Browser.fullShot(p, "leaderboard-baseline-student");
        phone(p);
        assertThat(Browser.axe(p, "leaderboard with a baseline at 390 px")).isEmpty();
        Browser.fullShot(p, "leaderboard-baseline-student-390");
        assertThat(errors).as("console errors (CSP violations show here)").isEmpty();
    }

    @Test
    void anInstructorOpensTheGradebookSortsFiltersAndExportsIt() throws Exception {
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "prof@uni.edu", errors);
        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Grades")).click();
        assertThat(p.locator("table.grades")).containsText("Grades lab");
        Browser.fullShot(p, "grades-overview-instructor");
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("gradebook")).first().click();
        assertThat(p.locator("h1")).containsText("Gradebook");
        Locator rows = p.locator("table.gradebook tbody tr");
        assertThat(rows).hasCount(4); // ann (if she submitted already or not), bob, cy, dee: the whole roster
        assertThat(p.locator("#duplicates table")).containsText("identical");
        assertThat(p.locator("table.gradebook .pill.bad")).hasCount(2);

        Locator total = p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Total"));
        total.click();
        assertThat(p.locator("table.gradebook th[aria-sort=descending]")).hasText("Total");
        List<Double> down = totals(rows);
        assertThat(down).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        total.focus();
        p.keyboard().press("Enter");
        assertThat(p.locator("table.gradebook th[aria-sort=ascending]")).hasText("Total");
        assertThat(totals(rows)).isSorted();
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Student").setExact(true)).click();
        assertThat(rows.first()).containsText("ann");
        assertThat(Browser.axe(p, "gradebook, sorted")).isEmpty();
        Browser.fullShot(p, "gradebook-instructor");
        phone(p);
        assertThat(p.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll at 390 px").isEqualTo(true);
        assertThat(Browser.axe(p, "gradebook at 390 px")).isEmpty();
        Browser.fullShot(p, "gradebook-instructor-390");
        Browser.desktop(p);

        Download csv = p.waitForDownload(() -> p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download CSV")).click());
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().get().parse(Files.newBufferedReader(csv.path())).getRecords();
        assertThat(records).extracting(r -> r.get("email")).containsExactlyInAnyOrder("ann@uni.edu", "bob@uni.edu", "cy@uni.edu", "dee@uni.edu");
        assertThat(records.stream().filter(r -> r.get("email").equals("dee@uni.edu")).findFirst().orElseThrow().get("cls_score")).isEmpty();
        Download canvas = p.waitForDownload(() -> p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download for Canvas (CSV)")).click());
        List<CSVRecord> canvasRows = CSVFormat.DEFAULT.builder().setHeader().get().parse(Files.newBufferedReader(canvas.path())).getRecords();
        assertThat(canvasRows.get(0).get("Student")).isEqualTo("Points Possible");
        assertThat(canvasRows).hasSize(5);

        p.getByLabel("Name or e-mail").fill("dee");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("dee@uni.edu");
        assertThat(errors).as("console errors (CSP violations show here)").isEmpty();
    }

    /** The phone's width, once app.js has made the boxes that now scroll reachable by keyboard. */
    private static void phone(Page p) {
        Browser.phone(p);
        p.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
    }

    private static List<Double> totals(Locator rows) {
        return rows.locator("td.total").allTextContents().stream().map(Double::parseDouble).toList();
    }
}
