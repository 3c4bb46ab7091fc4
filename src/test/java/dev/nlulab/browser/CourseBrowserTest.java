package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitUntilState;
import dev.nlulab.course.CourseSite;
import dev.nlulab.course.Lesson;
import dev.nlulab.course.LessonCatalog;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A student reads lessons, answers quizzes and searches; an instructor looks at the class, in a real Chromium. */
class CourseBrowserTest {
    @TempDir static Path dir;
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("course.dir", CourseSite.make(dir).toString()), List.of());
        server.user("admin@uni.edu", Role.ADMIN);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    static Page signedIn(TestServer s, String email, Role role, List<String> consoleErrors) {
        s.user(email, role);
        Page p = chromium.signIn(s, email, consoleErrors);
        assertThat(p.locator("h1")).containsText("Welcome");
        return p;
    }

    @Test
    void studentReadsALessonAnswersAQuizAndSearches() {
        List<String> errors = new ArrayList<>();
        Page p = signedIn(server, "ada@uni.edu", Role.STUDENT, errors);
        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Course")).click();
        assertThat(p.locator(".module-card")).hasCount(2);
        Browser.fullShot(p, "course-overview");

        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Tokenization")).click();
        assertThat(p.locator("h1.lesson-title")).hasText("Tokenization");
        assertThat(p.locator(".lesson-body .math-display .katex-display")).hasCount(1);
        assertThat(p.locator(".lesson-body .math-inline .katex").first()).isVisible();
        assertThat(p.locator(".lesson-body pre code.hljs .hljs-string")).containsText("\"hello\"");
        assertThat(p.locator(".demo")).containsText("live demo: tokenizer (coming soon)");
        assertThat(p.locator(".lesson-body figure img")).isVisible();
        assertThat(p.locator(".lesson-body .toc")).hasCount(0); // [TOC] is left to the side contents
        assertThat(p.locator(".toc-side a[aria-current=location]")).hasText("Subword units");

        Locator merge = p.locator("form.quiz[data-question=q-merge]");
        merge.getByLabel("The rarest pair").check();
        merge.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check")).click();
        assertThat(merge.locator(".quiz-feedback.wrong")).containsText("Not quite");
        assertThat(merge.locator(".quiz-feedback")).not().containsText("greedy on frequency"); // no key after a wrong answer
        assertThat(merge.locator(".quiz-number")).hasText("Question 1");
        assertThat(p.locator("#lesson-progress")).hasText("0 of 4 questions right");
        merge.getByLabel("The most frequent pair").check();
        merge.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check")).click();
        assertThat(merge.locator(".quiz-feedback.correct")).containsText("Correct.");
        assertThat(merge.locator(".quiz-feedback")).containsText("greedy on frequency");
        assertThat(merge.locator(".quiz-reveal")).isHidden();
        assertThat(p.locator("#lesson-progress")).hasText("1 of 4 questions right");
        Locator name = p.locator("form.quiz[data-question=q-name]");
        name.locator("input.quiz-input").fill("bite");
        name.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check")).click();
        assertThat(name.locator(".quiz-feedback.wrong")).containsText("Not quite");
        // by keyboard: the button goes once the answer is shown, and the focus stays in the question
        name.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Show the answer")).focus();
        p.keyboard().press("Enter");
        assertThat(name.locator(".quiz-feedback.shown")).containsText("Answer:");
        assertThat(name.locator(".quiz-reveal")).isHidden();
        assertThat(name.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check"))).isFocused();
        assertThat(p.locator("#lesson-progress")).hasText("1 of 4 questions right");
        Locator count = p.locator("form.quiz[data-question=q-count]");
        assertThat(count.locator(".quiz-prompt .katex")).isVisible(); // a question's math is drawn like the lesson's
        count.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("How many tokens in")).fill("2");
        count.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check")).click();
        assertThat(count.locator(".quiz-feedback.correct")).isVisible();
        assertThat(count.locator(".quiz-feedback .katex")).isVisible();
        assertThat(p.locator("#lesson-progress")).hasText("2 of 4 questions right");
        // by keyboard alone: Space ticks an option, Tab moves on, Enter checks
        Locator units = p.locator("form.quiz[data-question=q-units]");
        units.getByRole(AriaRole.GROUP, new Locator.GetByRoleOptions().setName("Which are subword tokenizers?"))
                .getByRole(AriaRole.CHECKBOX).first().focus();
        for (String key : List.of("Space", "Tab", "Space", "Tab", "Tab", "Enter")) p.keyboard().press(key);
        assertThat(units.locator(".quiz-feedback.correct")).containsText("Correct.");
        assertThat(units.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check"))).isFocused(); // not lost to the page
        assertThat(p.locator("#lesson-progress")).hasText("3 of 4 questions right");
        assertThat(Browser.axe(p, "lesson with quiz feedback")).isEmpty();
        merge.scrollIntoViewIfNeeded();
        Browser.fullShot(p, "lesson-quiz-feedback");

        p.reload();
        assertThat(p.locator("form.quiz.answered")).hasCount(3);
        assertThat(merge.getByLabel("The most frequent pair")).isChecked();
        assertThat(merge.locator(".quiz-feedback.correct")).containsText("greedy on frequency");
        assertThat(name.locator("input.quiz-input")).hasValue("bite");
        assertThat(name.locator(".quiz-feedback.shown")).containsText("Answer:");
        assertThat(units.locator(".quiz-reveal")).isHidden(); // answered right by keyboard above
        name.scrollIntoViewIfNeeded();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("lesson-quiz-reload-1280")));
        Browser.phone(p);
        name.scrollIntoViewIfNeeded();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("lesson-quiz-reload-390")));
        assertThat(((Number) p.evaluate("document.documentElement.scrollWidth")).intValue()).as("no sideways scroll at 390 px")
                .isLessThanOrEqualTo(390);
        Browser.desktop(p);

        p.navigate(server.url("/course"));
        assertThat(p.locator(".lesson-list li").first()).containsText("3/4 right");
        p.locator(".search-box input[name=q]").fill("inverse document frequency");
        p.locator(".search-box input[name=q]").press("Enter");
        assertThat(p.locator(".search-hit mark").first()).isVisible();
        Browser.fullShot(p, "search-results");
        p.locator(".search-hit .hit-title").first().click();
        assertThat(p.locator("h1.lesson-title")).hasText("BM25");
        assertThat(errors).as("console errors (CSP violations show here)").isEmpty();
    }

    @Test
    void instructorSeesClassProgressAndTheLessonProblems() {
        List<String> errors = new ArrayList<>();
        Page student = signedIn(server, "alan@uni.edu", Role.STUDENT, errors);
        student.navigate(server.url("/lessons/retrieval/01-bm25"));
        Locator idf = student.locator("form.quiz[data-question=idf]");
        idf.locator("input.quiz-input").fill("2.3");
        idf.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check")).click();
        assertThat(idf.locator(".quiz-feedback.correct")).isVisible();

        Page p = signedIn(server, "turing@uni.edu", Role.INSTRUCTOR, errors);
        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Progress")).click();
        assertThat(p.locator("table.class-progress")).containsText("alan@uni.edu");
        assertThat(p.locator("table.question-stats")).containsText("100%");
        assertThat(p.locator("table.question-stats")).containsText("Question 1");
        Browser.fullShot(p, "instructor-progress");
        Browser.phone(p);
        Browser.fullShot(p, "instructor-progress-390");
        Browser.desktop(p);
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Problems in the lessons")).click();
        assertThat(p.locator("table.problems")).containsText("representations/03-no-title.md");
        Browser.fullShot(p, "lesson-problems");
        assertThat(errors).isEmpty();
    }

    /** The shipped lessons, not the fixtures: each renders its math and code without a console error. */
    @Test
    void everyShippedLessonRendersWithoutErrors() {
        try (TestServer real = TestServer.start()) {
            real.user("admin@uni.edu", Role.ADMIN);
            List<String> errors = new ArrayList<>();
            Page p = signedIn(real, "reader@uni.edu", Role.STUDENT, errors);
            List<Lesson> lessons = LessonCatalog.open(Path.of("lessons")).course().lessons();
            assertThat(lessons).hasSizeGreaterThan(20);
            for (Lesson l : lessons) {
                p.navigate(real.url(l.url()), new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
                assertThat(p.locator("h1.lesson-title")).hasText(l.title());
                if (l.html().contains("math-")) assertThat(p.locator(".lesson-body .katex").first()).isAttached();
                assertThat(p.locator(".lesson-body .katex-error")).hasCount(0);
            }
            p.navigate(real.url("/course"));
            Browser.fullShot(p, "course-overview-shipped");
            // search snippets read as the page does: math drawn, no TeX
            p.navigate(real.url("/search?q=softmax+scaled+dot+product"));
            assertThat(p.locator(".search-hit").first()).isVisible();
            for (String snippet : p.locator(".snippet").allInnerTexts()) assertThat(snippet).doesNotContain("\\frac", "\\text", "$");
            Browser.fullShot(p, "search-shipped-1280");
            Browser.phone(p);
            Browser.fullShot(p, "search-shipped-390");
            Browser.desktop(p);
            p.navigate(real.url(lessons.get(2).url()));
            p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("lesson-shipped-top")));
            // the side contents follow the reader: the section scrolled to the top is the current one
            Locator contents = p.locator(".toc-side a");
            assertThat(contents.first()).hasAttribute("aria-current", "location");
            Locator third = contents.nth(2);
            p.locator("[id='" + third.getAttribute("href").substring(1) + "']").evaluate("h => h.scrollIntoView()");
            assertThat(third).hasAttribute("aria-current", "location");
            assertThat(p.locator(".toc-side a[aria-current]")).hasCount(1);
            p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("lesson-shipped-contents-follow")));
            p.locator(".lesson-body .math-display").nth(1).scrollIntoViewIfNeeded();
            p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("lesson-shipped-math")));
            p.locator("form.quiz").first().scrollIntoViewIfNeeded();
            p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("lesson-shipped-quiz")));
            assertThat(errors).as("console errors on the shipped lessons").isEmpty();
        }
    }
}
