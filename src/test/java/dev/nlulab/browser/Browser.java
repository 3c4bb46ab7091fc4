package dev.nlulab.browser;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.web.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Debian's Chromium driven by Playwright, offline: Playwright never downloads a browser here. */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Chromium's console line for a response with an error status: expected where a test provokes one (a rejected upload). */
    public static final Predicate<String> FAILED_LOAD = text -> text.startsWith("Failed to load resource");
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

    /** A new 1280 x 900 window signed in to {@code server} as {@code email}; its console errors go to {@code consoleErrors}. */
    public Page signIn(TestServer server, String email, List<String> consoleErrors) {
        return signIn(server, email, consoleErrors, text -> false);
    }

    /** As {@link #signIn(TestServer, String, List)}, leaving out the console errors a test expects ({@code expected}). */
    public Page signIn(TestServer server, String email, List<String> consoleErrors, Predicate<String> expected) {
        Page p = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
        p.onConsoleMessage(m -> {
            if (m.type().equals("error") && !expected.test(m.text())) consoleErrors.add(m.text());
        });
        p.navigate(server.url("/login"));
        p.getByLabel("Email").fill(email);
        p.getByLabel("Password").fill(TestServer.PASSWORD);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        return p;
    }

    /** Where tests leave screenshots for people to look at. */
    public static Path shot(String name) {
        return Path.of("target", "screenshots", name + ".png");
    }

    /** A screenshot of the whole page at {@code width} px (the height the page needs), under {@link #shot}. */
    public static void fullShotAt(Page p, String name, int width) {
        p.setViewportSize(width, width >= 800 ? 900 : 844);
        p.screenshot(new Page.ScreenshotOptions().setPath(shot(name)).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
