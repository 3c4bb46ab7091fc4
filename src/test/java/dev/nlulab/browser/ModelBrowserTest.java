package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A student tries the shipped course model in Chromium: picks an example, continues it, reads the card. */
class ModelBrowserTest {
    static {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), List.of()); // model.dir: the repository's models/course-model
        server.user("admin@uni.edu", Role.ADMIN);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    @Test
    void aStudentContinuesAnExamplePromptAndSeesTheCardWithItsLossCurve() {
        server.user("ada@uni.edu", Role.STUDENT);
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "ada@uni.edu", errors);
        p.getByLabel("Main").getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Model").setExact(true)).click();
        assertThat(p.locator("h1").first()).hasText("Course model");

        p.locator(".example-list dt:has-text('coinflip') + dd").getByRole(AriaRole.LINK,
                new com.microsoft.playwright.Locator.GetByRoleOptions().setName("zero-shot-CoT")).click();
        assertThat(p.locator("textarea[name=prompt]")).hasValue(java.util.regex.Pattern.compile("^Q: .*coin.*Let's think step by step\\.$", java.util.regex.Pattern.DOTALL));
        // what the page shows while a request runs: the test keeps the form from leaving, after the page's own handler
        p.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD); // the page's own submit handler is in place
        p.evaluate("() => { window.sent = 0; document.querySelector('form.prompt-form').addEventListener('submit',"
                + " (e) => { if (!e.defaultPrevented) window.sent++; e.preventDefault(); }); }");
        Locator send = p.locator("form.prompt-form button[type=submit]");
        send.focus();
        p.keyboard().press("Enter");
        Locator running = p.locator("#running");
        assertThat(running).containsText(java.util.regex.Pattern.compile("The model is (writing|loading, then it writes)")); // loaded or not yet
        assertThat(running.locator(".seconds")).hasText(java.util.regex.Pattern.compile("^[1-9]\\d* s$")); // counting
        assertThat(running.ariaSnapshot()).as("a screen reader hears the note, not a new count every second")
                .contains("The model is").doesNotContainPattern("\\d s");
        assertThat(send).hasText("Running…");
        assertThat(send).hasAttribute("aria-disabled", "true");
        assertThat(send).isFocused(); // not disabled: the keyboard's focus stays on the button
        p.keyboard().press("Enter");
        assertThat(p.evaluate("() => window.sent")).as("one request at a time").isEqualTo(1);
        p.locator(".playground").screenshot(new Locator.ScreenshotOptions().setPath(Browser.shot("model-running-1280")));
        assertThat(Browser.axe(p, "model page while a prompt runs")).isEmpty();

        p.reload();
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(p.locator(".continuation")).containsText("The answer is");
        assertThat(p).hasURL(java.util.regex.Pattern.compile("/model#answer$"));
        assertThat(inView(p, ".completion")).as("the answer is in view").isTrue();
        assertThat(p.locator(".completion .muted")).containsText("tokens in");
        assertThat(p.locator(".model-status .pill")).hasText("loaded");
        // the card, with the loss curve served by the page's own route
        assertThat(p.locator(".model-card h2").first()).isVisible();
        assertThat(p.locator(".model-card table").first()).containsText("few-shot-CoT");
        Object curveWidth = p.locator(".model-card img").evaluate("img => img.complete ? img.naturalWidth : -1");
        assertThat(((Number) curveWidth).intValue()).as("the loss curve loads").isGreaterThan(0);
        Browser.fullShot(p, "model-student");
        assertThat(Browser.axe(p, "model page with a completion")).isEmpty();
        assertThat(errors).as("console errors").isEmpty();
    }

    @Test
    void onAPhoneTheAnswerOpensInViewBelowTheForm() {
        server.user("phone@uni.edu", Role.STUDENT);
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "phone@uni.edu", errors);
        Browser.phone(p);
        p.navigate(server.url("/model?example=coinflip-zero-shot"));
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("model-student-390")));
        p.locator("input[name=max_tokens]").fill("12");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(p.locator(".continuation")).isVisible();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("model-answer-390")));
        assertThat(inView(p, ".completion")).as("the answer is in view at 390 px").isTrue();
        assertThat(errors).as("console errors").isEmpty();
    }

    /** True when the element's top is inside the window. */
    static boolean inView(Page p, String selector) {
        return (Boolean) p.locator(selector).evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight; }");
    }

    @Test
    void anInstructorSeesTheSamePageWithTheExamplesOfEachFamily() {
        server.user("prof@uni.edu", Role.INSTRUCTOR);
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "prof@uni.edu", errors);
        p.navigate(server.url("/model?example=gsm8k-few-shot-cot"));
        assertThat(p.locator(".example-list a.active")).hasText("few-shot-CoT");
        assertThat(p.locator("textarea[name=prompt]")).hasValue(java.util.regex.Pattern.compile("The answer is .*\\n\\nQ: .*\\nA:$",
                java.util.regex.Pattern.DOTALL));
        assertThat(p.locator(".example-list dt")).hasCount(6);
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("model-instructor")).setFullPage(false));
        // how the running note looks (a request ends too fast here to photograph it)
        p.evaluate("() => { document.getElementById('running').hidden = false; document.querySelector('.prompt-form button[type=submit]').textContent = 'Running…'; }");
        p.locator("#running").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions().setPath(Browser.shot("model-running-note")));
        p.locator(".playground").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions().setPath(Browser.shot("model-running-playground")));
        Browser.phone(p);
        Browser.fullShot(p, "model-instructor-390");
        assertThat(errors).as("console errors").isEmpty();
    }
}
