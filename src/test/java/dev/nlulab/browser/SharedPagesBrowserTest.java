package dev.nlulab.browser;

import com.microsoft.playwright.Page;
import dev.nlulab.course.CourseSite;
import dev.nlulab.grader.LabCourseFixture;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages a class opens most (a lesson, the course, a leaderboard), served from memory and with
 * versioned static files, look right to a student and to an instructor on a desktop and on a phone: their
 * own name in the menu, the styles and scripts loaded, no console error, nothing wider than the screen.
 */
class SharedPagesBrowserTest {
    static final String LESSON = "/lessons/representations/01-tokenization";
    static LabCourseFixture course;
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        course = new LabCourseFixture().withLessons();
        server = course.server();
        chromium = new Browser();
        for (String who : List.of("lena@uni.edu", "omar@uni.edu")) {
            TestClient c = server.signedIn(who, Role.STUDENT);
            c.get("/labs/open");
            HttpResponse<String> r = c.upload("/labs/open/cls/submissions", "predictions", "predictions.csv",
                    LabCourseFixture.predictions(i -> who.startsWith("lena") || i % 2 == 0));
            assertThat(r.statusCode()).isEqualTo(303);
        }
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    @Test
    void aStudentAndAnInstructorSeeTheirOwnPagesAtBothWidths() {
        server.platform.accounts().createUser("prof@uni.edu", "Professor Page", TestServer.PASSWORD, Role.INSTRUCTOR);
        for (String who : List.of("lena@uni.edu", "prof@uni.edu")) {
            List<String> errors = new ArrayList<>();
            Page p = chromium.signIn(server, who, errors);
            String name = who.startsWith("lena") ? "lena" : "Professor Page";
            String role = who.startsWith("lena") ? "student" : "instructor";
            for (String path : List.of(LESSON, "/course", "/labs/open/cls/leaderboard", "/lessons/" + CourseSite.DEAD_LINK_LESSON)) {
                for (int width : List.of(1280, 390)) {
                    p.setViewportSize(width, width == 1280 ? 900 : 844);
                    p.navigate(server.url(path));
                    assertThat(p.locator(".who .name")).hasText(name);
                    assertThat(p.locator(".who .role-badge")).hasText(role);
                    String css = (String) p.evaluate("() => getComputedStyle(document.querySelector('.topbar')).display");
                    assertThat(css).as("the stylesheet is applied on " + path).isNotEqualTo("block");
                    assertThat((String) p.evaluate("() => document.querySelector('link[rel=stylesheet]').getAttribute('href')"))
                            .matches("/static/css/app\\.css\\?v=[0-9a-f]{10}");
                    assertThat(((Number) p.evaluate("document.documentElement.scrollWidth")).intValue())
                            .as("no sideways scroll on %s at %d px", path, width).isLessThanOrEqualTo(width);
                    String shot = role + "-" + path.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "") + "-" + width;
                    Browser.fullShot(p, shot);
                }
            }
            p.navigate(server.url("/lessons/" + CourseSite.DEAD_LINK_LESSON));
            if (role.equals("instructor")) assertThat(p.locator(".lesson-warnings")).containsText("For instructors");
            else assertThat(p.locator(".lesson-warnings")).hasCount(0);
            p.navigate(server.url("/labs/open/cls/leaderboard"));
            assertThat(p.locator("table.board tbody tr")).hasCount(2);
            if (role.equals("student")) assertThat(p.locator("table.board tr.me")).containsText("lena");
            assertThat(errors).as(who).isEmpty();
            p.context().close();
        }
    }
}
