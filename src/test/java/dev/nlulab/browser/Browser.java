package dev.nlulab.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.web.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The browser tests' kit: Debian's Chromium driven by Playwright, offline (Playwright never downloads a
 * browser here); windows at the two widths pages are checked at, signed in or not, that collect what the
 * page logs as an error; axe-core; and where screenshots go.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Chromium's console line for a response with an error status: expected where a test provokes one (a rejected upload). */
    public static final Predicate<String> FAILED_LOAD = text -> text.startsWith("Failed to load resource");
    /** axe-core's tags for the success criteria of WCAG 2.1 levels A and AA. */
    public static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private final Playwright playwright;
    public final com.microsoft.playwright.Browser browser;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM))
            throw new IllegalStateException("Chromium is missing at " + CHROMIUM + ": bin/test installs it (apt-get install chromium)");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic")));
    }

    /**
     * A new browser context (its own cookies) whose windows are 1280 x 900; every console error and uncaught
     * script error of its pages goes to {@code consoleErrors}, except the console errors a test expects.
     */
    public BrowserContext context(List<String> consoleErrors, Predicate<String> expected) {
        return context(consoleErrors, expected, null);
    }

    /** As {@link #context(List, Predicate)}, in a browser whose own time zone is {@code timezoneId} (null: the machine's). */
    public BrowserContext context(List<String> consoleErrors, Predicate<String> expected, String timezoneId) {
        BrowserContext ctx = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900)
                .setTimezoneId(timezoneId));
        ctx.onPage(p -> {
            p.onConsoleMessage(m -> {
                if (m.type().equals("error") && !expected.test(m.text())) consoleErrors.add(m.text());
            });
            p.onPageError(consoleErrors::add);
        });
        return ctx;
    }

    /** A new 1280 x 900 window, signed out, in a context of its own (see {@link #context}). */
    public Page window(List<String> consoleErrors, Predicate<String> expected) {
        return context(consoleErrors, expected).newPage();
    }

    /** A new 1280 x 900 window signed in to {@code server} as {@code email}; its errors go to {@code consoleErrors}. */
    public Page signIn(TestServer server, String email, List<String> consoleErrors) {
        return signIn(server, email, consoleErrors, text -> false);
    }

    /** As {@link #signIn(TestServer, String, List)}, leaving out the console errors a test expects ({@code expected}). */
    public Page signIn(TestServer server, String email, List<String> consoleErrors, Predicate<String> expected) {
        return signIn(window(consoleErrors, expected), server, email);
    }

    /** Signs {@code p} in to {@code server} as {@code email}. */
    public static Page signIn(Page p, TestServer server, String email) {
        p.navigate(server.url("/login"));
        p.getByLabel("Email").fill(email);
        p.getByLabel("Password").fill(TestServer.PASSWORD);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        return p;
    }

    /**
     * axe-core's WCAG 2.1 A and AA violations on the page as it is now, one line per element, each starting
     * with {@code where}. axe-core comes from static/vendor/axe-core, added as a script of the page's own
     * origin, so the page's CSP stays in force.
     */
    public static List<String> axe(Page p, String where) {
        return axe(p, where, WCAG_21_AA);
    }

    /** As {@link #axe(Page, String)}, for the rules with these tags, or for these rule ids. */
    @SuppressWarnings("unchecked")
    public static List<String> axe(Page p, String where, List<String> tagsOrRules) {
        if (!(Boolean) p.evaluate("() => typeof window.axe !== 'undefined'"))
            p.addScriptTag(new Page.AddScriptTagOptions().setUrl("/static/vendor/axe-core/axe.min.js"));
        String kind = tagsOrRules.get(0).startsWith("wcag") ? "tag" : "rule";
        List<Map<String, Object>> violations = (List<Map<String, Object>>) p.evaluate("([kind, values]) => axe.run(document, "
                + "{ runOnly: { type: kind, values }, resultTypes: ['violations'] }).then(r => r.violations.map(v => ({"
                + " id: v.id, impact: v.impact, help: v.help,"
                + " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.html.slice(0, 160) + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) })))",
                List.of(kind, tagsOrRules));
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : violations)
            for (String node : (List<String>) v.get("nodes"))
                out.add(where + ": " + v.get("id") + " (" + v.get("impact") + ", " + v.get("help") + ") at " + node);
        return out;
    }

    /** The width pages are checked at on a desktop: 1280 px (900 high). */
    public static void desktop(Page p) {
        p.setViewportSize(1280, 900);
    }

    /** The width pages are checked at on a phone: 390 px (844 high). */
    public static void phone(Page p) {
        p.setViewportSize(390, 844);
    }

    /** Where tests leave screenshots for people to look at. */
    public static Path shot(String name) {
        return Path.of("target", "screenshots", name + ".png");
    }

    /** A screenshot of the whole page, as long as it is, under {@link #shot}. */
    public static void fullShot(Page p, String name) {
        p.screenshot(new Page.ScreenshotOptions().setPath(shot(name)).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
