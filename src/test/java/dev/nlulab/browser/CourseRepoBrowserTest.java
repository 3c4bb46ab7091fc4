package dev.nlulab.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.grader.LabCourseFixture;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** An admin publishes the course from its git repository: a broken lab is shown and nothing changes; the fix goes live. */
class CourseRepoBrowserTest {
    private static final String LAB = "title: Toy from git\nmodule: basics\ndeadline: 2030-12-14\ntimezone: UTC\n"
            + "exercises:\n  - {id: test, title: Label, kind: predictions, metric: accuracy, points: 1}\n";

    private static void put(Path root, String file, String text) throws Exception {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
    }

    private static void commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor("I", "i@uni.edu").setCommitter("I", "i@uni.edu").setSign(false).call();
    }

    /** The catalogs look at their folders at most once a second: a page shows what was published within a few reloads. */
    private static void openWhenItShows(Page p, String url, String text) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            p.navigate(url);
            if (p.locator("main").textContent().contains(text)) return;
            Thread.sleep(250);
        }
        assertThat(p.locator("main")).containsText(text);
    }

    @Test
    void aBrokenPullIsReportedAndTheFixedOneIsServed(@TempDir Path repo) throws Exception {
        LabCourseFixture fixture = new LabCourseFixture();
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
             TestServer server = TestServer.start(Map.of("course.dir", fixture.course.toString(),
                     "course.repo.url", repo.toUri().toString(), "course.repo.branch", "main"), List.of());
             Browser chromium = new Browser()) {
            put(repo, "lessons/course.yaml", "title: T\nmodules:\n  - {id: basics, title: Basics, summary: First.}\n");
            put(repo, "lessons/basics/01-start.md", "---\ntitle: Start\nsummary: The start.\n---\n\nHello.\n");
            put(repo, "labs/toy/lab.yaml", LAB.replace("deadline: 2030-12-14", "deadline: someday"));
            put(repo, "labs/toy/README.md", "# Toy\n");
            put(repo, "grader/toy/grading.yaml", "exercises:\n  test:\n    key: key.jsonl\n");
            put(repo, "grader/toy/key.jsonl", "{\"id\": \"a\", \"gold\": \"x\"}\n");
            commit(git, "broken");

            server.user("admin@uni.edu", Role.ADMIN);
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, "admin@uni.edu", errors);
            p.locator(".mainnav").getByText("Course repo").click();
            assertThat(p.locator("main")).containsText("branch main");
            assertThat(p.locator("main")).not().containsText("s3cret");
            p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pull and publish")).click();
            assertThat(p.locator(".flash")).containsText("not published");
            assertThat(p.locator("table.problems")).containsText("labs/toy/lab.yaml");
            assertThat(p.locator("table.problems")).containsText("'deadline' must be a date");
            assertThat(p.locator("ul.changes")).containsText("labs/toy/lab.yaml");
            for (int width : new int[] {1280, 390}) {
                if (width == 1280) Browser.desktop(p);
                else Browser.phone(p);
                Browser.fullShot(p, "course-repo-problems-" + width);
                assertThat(Browser.axe(p, "course repo page with problems at " + width)).isEmpty();
                assertThat((Integer) p.evaluate("document.documentElement.scrollWidth")).as("no sideways scrolling").isLessThanOrEqualTo(width);
            }
            p.navigate(server.url("/labs"));
            assertThat(p.locator("main")).containsText("Open competition"); // the last good state

            put(repo, "labs/toy/lab.yaml", LAB);
            commit(git, "fixed");
            p.navigate(server.url("/admin/course-repo"));
            p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pull and publish")).click();
            assertThat(p.locator(".flash")).containsText("published commit");
            openWhenItShows(p, server.url("/labs"), "Toy from git");
            assertThat(p.locator("main")).not().containsText("Open competition");
            openWhenItShows(p, server.url("/course"), "Basics");
            assertThat(errors).isEmpty();
        }
    }
}
