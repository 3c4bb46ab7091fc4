package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.grader.LabCourseFixture;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** An instructor looks at the Labs pages as a student sees them, with one account, and comes back. */
class StudentViewBrowserTest {
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        server = new LabCourseFixture().server();
        server.user("first@uni.edu", Role.ADMIN);
        server.user("teacher@uni.edu", Role.INSTRUCTOR);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    private static Locator button(Page p, String name) {
        return p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    @Test
    void anInstructorSeesALabAsAStudentThenComesBackAtBothWidths() {
        for (int width : new int[] {1280, 390}) {
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, "teacher@uni.edu", errors, Browser.FAILED_LOAD); // the 403 below logs one
            if (width == 1280) Browser.desktop(p);
            else Browser.phone(p);
            p.navigate(server.url("/labs"));
            assertThat(p.locator(".lab-problems")).isVisible(); // an instructor's panel
            p.navigate(server.url("/labs/open"));
            assertThat(p.locator("#cls").getByText("All submissions")).isVisible();
            assertThat(p.locator(".mainnav")).containsText("People");

            p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("student-view-toggle-" + width)));
            button(p, "View as student").click();
            assertThat(p).hasURL(server.url("/labs/open"));
            Locator banner = p.locator(".student-view");
            assertThat(banner).isVisible();
            assertThat(banner).containsText("as a student sees it");
            assertThat(p.getByText("All submissions")).hasCount(0);
            assertThat(p.locator(".role-badge")).hasText("student");
            assertThat(p.locator(".mainnav")).not().containsText("People");
            Browser.fullShot(p, "student-view-lab-" + width);
            assertThat(Browser.axe(p, "lab page in the student's view at " + width)).isEmpty();
            double bannerTop = banner.boundingBox().y, mainTop = p.locator("main").boundingBox().y;
            assertThat(bannerTop).as("the banner sits above the page's content").isLessThan(mainTop);
            assertThat(banner.boundingBox().width).as("the banner spans the window").isGreaterThanOrEqualTo(width - 20);

            p.navigate(server.url("/labs"));
            assertThat(p.locator(".lab-problems")).hasCount(0);
            // the server, not the page, decides: an instructor's route is refused in the student's view
            assertThat(p.navigate(server.url("/labs/open/cls/submissions")).status()).isEqualTo(403);

            p.navigate(server.url("/labs/open"));
            button(p, "Back to the instructor view").click();
            assertThat(p.locator(".student-view")).hasCount(0);
            assertThat(p.locator("#cls").getByText("All submissions")).isVisible();
            assertThat(p.locator(".role-badge")).hasText("instructor");
            assertThat(errors).as("console errors at " + width).isEmpty();
            p.context().close();
        }
    }
}
