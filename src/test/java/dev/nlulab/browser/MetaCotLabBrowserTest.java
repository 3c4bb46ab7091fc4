package dev.nlulab.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped Meta-CoT lab's page as a student and an instructor see it, at 1280 and 390 px, in a real Chromium. */
class MetaCotLabBrowserTest {
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), List.of());
        server.user("first@uni.edu", Role.ADMIN);
        server.user("ada@uni.edu", Role.STUDENT);
        server.user("prof@uni.edu", Role.INSTRUCTOR);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    private static int overflow(Page p) {
        return ((Number) p.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
    }

    /** The innermost elements that stick out of the window on the right: what to fix when {@link #overflow} is positive. */
    private static Object wide(Page p) {
        return p.evaluate("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                + "document.documentElement.clientWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > "
                + "document.documentElement.clientWidth + 1)).slice(0, 8).map(e => e.tagName + '.' + e.className + ': ' + "
                + "(e.textContent || '').trim().slice(0, 60))");
    }

    @Test
    void aStudentReadsTheLabAndATemplateWithATypoIsRefusedBesideItsField() {
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "ada@uni.edu", errors, Browser.FAILED_LOAD);
        p.navigate(server.url("/labs"));
        p.getByText("Meta-CoT prompting").first().click();
        assertThat(p).hasURL(server.url("/labs/metacot"));
        assertThat(p.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Lab: Meta-CoT — chain of thought when the question's kind is unknown"))).isVisible();
        assertThat(p.getByText("Meta-CoT on the mixed test stream (course model)").first()).isVisible();
        assertThat(p.getByText("Sort digits with a Graph of Thoughts").first()).isVisible();
        assertThat(p.locator("a[href='/labs/metacot/data/test.jsonl']")).isVisible();
        assertThat(p.locator("a[href='/labs/metacot/data/pool.jsonl']")).isVisible();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("metacot-lab-student")).setFullPage(true));
        assertThat(overflow(p)).as("no sideways scrolling at 1280 px").isLessThanOrEqualTo(0);

        Locator study = p.locator("form[action='/labs/metacot/study/jobs']");
        study.locator("select[name=method]").selectOption("zero-shot-cot");
        study.locator("input[name=question_template]").fill("Question: {questoin}\\nAnswer:");
        study.getByRole(AriaRole.BUTTON).first().click();
        assertThat(p.getByText("Not started: fix the fields marked below.").first()).isVisible();
        Locator field = p.locator("form[action='/labs/metacot/study/jobs'] label.invalid");
        assertThat(field).containsText("has the unknown slot {questoin}; its slots are {question}");
        assertThat(field.locator("input[name=question_template]")).hasValue("Question: {questoin}\\nAnswer:");
        field.scrollIntoViewIfNeeded();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("metacot-lab-template-refused")));

        // the knobs beyond the method and the prompts are folded; a refused one opens its fold
        Locator more = p.locator("form[action='/labs/metacot/competition/jobs'] details.more-settings");
        assertThat(more.locator("input[name=k]")).isHidden();
        more.locator("summary").click();
        more.locator("input[name=k]").fill("8,4");
        p.locator("form[action='/labs/metacot/competition/jobs']").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the job")).click();
        Locator folded = p.locator("form[action='/labs/metacot/competition/jobs'] details.more-settings");
        assertThat(folded).hasAttribute("open", java.util.regex.Pattern.compile(".*")); // open, whatever its value
        assertThat(folded.locator("label.invalid")).containsText("must be 'reference', one number, or six numbers");

        p.setViewportSize(390, 844);
        p.navigate(server.url("/labs/metacot"));
        assertThat(p.getByText("Meta-CoT on the mixed test stream (course model)").first()).isVisible();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("metacot-lab-student-390")).setFullPage(true));
        assertThat(overflow(p)).as("no sideways scrolling at 390 px: %s", wide(p)).isLessThanOrEqualTo(0);
        assertThat(errors).isEmpty();
    }

    @Test
    void anInstructorSeesTheSameLabWithoutProblems() {
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "prof@uni.edu", errors);
        p.navigate(server.url("/labs"));
        assertThat(p.locator("body")).not().containsText("labs/metacot/lab.yaml");
        p.navigate(server.url("/labs/metacot"));
        assertThat(p.getByText("Study the five methods (any backend)").first()).isVisible();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("metacot-lab-instructor")).setFullPage(true));
        p.setViewportSize(390, 844);
        p.reload();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("metacot-lab-instructor-390")).setFullPage(true));
        assertThat(overflow(p)).as("no sideways scrolling at 390 px: %s", wide(p)).isLessThanOrEqualTo(0);
        assertThat(errors).isEmpty();
    }
}
