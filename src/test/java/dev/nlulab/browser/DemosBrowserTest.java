package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every live demo in the lesson that embeds it, on the shipped course model and MiniLM, as a student sees
 * it: the demo draws its answer, an input changed by the keyboard's controls draws a different one, nothing
 * scrolls sideways on a 390 px phone, and the console stays clean. Screenshots at 1280 and 390 px.
 */
class DemosBrowserTest {
    static TestServer server;
    static Browser chromium;
    static final Locator.GetByLabelOptions EXACT = new Locator.GetByLabelOptions().setExact(true);
    static final int SLOW = 120_000; // the first call of a demo loads its model on a loaded machine

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), List.of());
        server.user("admin@uni.edu", Role.ADMIN);
        server.user("ada@uni.edu", Role.STUDENT);
        server.platform.model().preloadInBackground();
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    /** One demo in its lesson and what a student changes in it. */
    record Case(String lesson, String demo, Consumer<Locator> change) {}

    static final List<Case> CASES = List.of(
            new Case("representations/01-tokenization", "tokenizer", d -> d.getByLabel("Text", EXACT).fill("unbelievably floccinaucinihilipilification")),
            new Case("representations/02-static-to-contextual", "embedding-similarity",
                    d -> d.getByLabel("Sentences, one per line (2 to 6)", EXACT).fill("she deposited the cheque at the bank\nthe bank raised its"
                            + " interest rates\nthey fished from the bank of the river\nthe bank of the stream was muddy")),
            new Case("representations/03-attention-and-transformers", "attention", d -> d.getByLabel("Head", EXACT).selectOption("3")),
            new Case("prompting/02-chain-of-thought", "cot", d -> d.getByLabel("Question", EXACT).fill("Tom has 3 apples and buys 4 more. How many apples does he have?")),
            new Case("prompting/01-in-context-learning", "generate", d -> d.getByLabel("Prompt", EXACT).fill("word: cat -> tac\nword: stone ->")),
            new Case("fine-tuning/04-lora", "lora-rank", d -> d.getByLabel("Rank r", EXACT).selectOption("64")),
            new Case("fine-tuning/06-quantization", "quantize", d -> d.getByLabel("Bits per weight", EXACT).selectOption("2")),
            new Case("retrieval/01-tfidf-and-bm25", "bm25", d -> d.getByLabel("Query", EXACT).fill("a small boat with oars")));

    @Test
    void everyDemoDrawsInItsLessonAndDrawsAgainWhenAnInputChanges() {
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "ada@uni.edu", errors);
        p.waitForURL(server.url("/"));
        for (Case c : CASES) {
            p.navigate(server.url("/lessons/" + c.lesson()));
            Locator demo = p.locator(".demo[data-demo=" + c.demo() + "]").first();
            String before = drawn(p, demo, null);
            assertThat(before).as(c.demo() + " draws its first answer").isNotNull();
            c.change().accept(demo);
            String after = drawn(p, demo, before);
            assertThat(after).as(c.demo() + " draws something else after the change").isNotEqualTo(before);
            assertThat(demo.locator(".demo-status.problem").count()).as(c.demo() + " shows no problem").isZero();
            demo.scrollIntoViewIfNeeded();
            demo.screenshot(new Locator.ScreenshotOptions().setPath(Browser.shot("demo-" + c.demo() + "-1280")));
            p.setViewportSize(390, 844);
            p.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            assertThat(AccessibilityBrowserTest.sideways(p)).as(c.lesson() + " at 390 px").isNull();
            demo.screenshot(new Locator.ScreenshotOptions().setPath(Browser.shot("demo-" + c.demo() + "-390")));
            p.setViewportSize(1280, 900);
        }
        assertThat(errors).as("console errors").isEmpty();
    }

    /**
     * Waits until the demo has drawn an answer different from {@code before} (any, when null) and is not
     * waiting for one, and returns what it drew: its output's text and, for a canvas, its pixels.
     */
    static String drawn(Page p, Locator demo, String before) {
        String read = "d => d.getAttribute('aria-busy') === 'true' || !d.querySelector('.demo-output')?.childElementCount ? null"
                + " : d.querySelector('.demo-output').innerText + [...d.querySelectorAll('canvas')].map(c => c.toDataURL()).join()";
        long end = System.currentTimeMillis() + SLOW;
        while (true) {
            String now = (String) demo.evaluate(read);
            if (now != null && !now.equals(before)) return now;
            if (System.currentTimeMillis() > end) return now;
            p.waitForTimeout(200);
        }
    }
}
