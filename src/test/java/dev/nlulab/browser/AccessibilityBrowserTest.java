package dev.nlulab.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.JobState;
import dev.nlulab.web.TestServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page each role reaches by following links, on the shipped course (lessons with math and quizzes,
 * the reverse-dictionary lab with a leaderboard of two students, a finished job, the Model page, the
 * instructors' pages):
 * axe-core finds no WCAG 2.1 A or AA violation at 1280 px or at 390 px, and no page scrolls sideways on
 * a 390 px phone. The lessons share one template: one lesson of each kind of content (each demo, each type
 * of quiz question, math, tables, code, figures) gets the whole rule set, and so does one page of each
 * shape (one lab's empty board for all); the others get the rules their own text can break, and the sideways check.
 */
class AccessibilityBrowserTest {
    /** Links that download a file rather than open a page. */
    static final Pattern NOT_A_PAGE = Pattern.compile("^/static/|/artefacts/|/data/|/img/|/file$|\\.(csv|json|jsonl|txt|png|svg|py)$");
    /**
     * axe-core's WCAG 2.1 A rules that a page's own text can break (an image or a button without its text, an
     * empty link, a wide formula or table that scrolls on a phone but not by keyboard), for the pages that
     * differ from one checked with the whole rule set only in their text: a lesson whose kinds of content
     * other lessons have shown, a page whose {@code <main>} has the shape of one checked (another lab's board).
     */
    static final List<String> TEXT_RULES = List.of("scrollable-region-focusable", "image-alt", "input-image-alt", "role-img-alt",
            "svg-img-alt", "link-name", "button-name", "aria-command-name", "label", "select-name", "document-title", "list",
            "listitem", "th-has-data-cells", "td-headers-attr", "duplicate-id-aria");
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("course.dir", shippedCourseOpenNow().toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of());
        server.user("admin@uni.edu", Role.ADMIN);
        User prof = server.user("prof@uni.edu", Role.INSTRUCTOR);
        User ada = server.user("ada@uni.edu", Role.STUDENT);
        User bob = server.user("bob@uni.edu", Role.STUDENT);
        // two students on the leaderboard, and one finished job with a loss curve
        submit(ada, 1);
        submit(bob, 3);
        // an extension, so that the instructor's submissions page lists one
        server.platform.submissions().grantExtension(Viewer.instructor(prof.id()), bob.id(), "reverse-dictionary", "test",
                LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusDays(12).atZone(ZoneId.of("Europe/Berlin")).toInstant());
        Job job = server.platform.jobs().submit(new JobService.JobRequest(ada.id(), "lab2", "run", "test-steps",
                new ObjectMapper().readTree("{\"steps\": 20}"), Duration.ofMinutes(5)));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.platform.jobs().find(job.id()).orElseThrow().state() != JobState.SUCCEEDED && System.nanoTime() < end)
            Thread.sleep(100);
        assertThat(server.platform.jobs().find(job.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        chromium = new Browser();
    }

    /** The shipped course in a temporary folder, every lab open now (whatever today's date) so that students can submit. */
    private static Path shippedCourseOpenNow() throws java.io.IOException {
        Path dir = Files.createTempDirectory("nlulab-shipped-course");
        for (String part : List.of("lessons", "grader", "models", "static"))
            Files.createSymbolicLink(dir.resolve(part), Path.of(part).toAbsolutePath());
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Europe/Berlin")).truncatedTo(ChronoUnit.MINUTES);
        try (var labs = Files.list(Path.of("labs").toAbsolutePath())) {
            for (Path shipped : labs.filter(Files::isDirectory).toList()) {
                Path lab = Files.createDirectories(dir.resolve("labs").resolve(shipped.getFileName()));
                try (var parts = Files.list(shipped)) {
                    for (Path part : parts.toList())
                        if (!part.getFileName().toString().equals("lab.yaml")) Files.createSymbolicLink(lab.resolve(part.getFileName()), part);
                }
                Files.writeString(lab.resolve("lab.yaml"), Files.readString(shipped.resolve("lab.yaml"))
                        .replaceAll("(?m)^opens: .*", "opens: " + now.minusDays(3))
                        .replaceAll("(?m)^deadline: .*", "deadline: " + now.plusDays(10))
                        .replaceAll("(?m)^closes: .*", "closes: " + now.plusDays(17)));
            }
        }
        return dir;
    }

    /** Predictions for the reverse-dictionary lab: the gold word of every {@code every}-th query ranked first. */
    private static void submit(User student, int every) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("grader/reverse-dictionary/test-key.jsonl"));
        ObjectMapper json = new ObjectMapper();
        StringBuilder csv = new StringBuilder("id,prediction\n");
        for (int i = 0; i < lines.size(); i++) {
            var item = json.readTree(lines.get(i));
            csv.append(item.get("id").asText()).append(',').append(i % every == 0 ? item.get("gold").get(0).asText() : "zzz").append('\n');
        }
        server.platform.submissions().submitPredictions(Viewer.student(student.id()), "reverse-dictionary", "test", "p.csv",
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        server.close();
    }

    @Test
    void everyPageEachRoleReachesMeetsWcag21AaAndFitsAPhone() {
        List<String> problems = new ArrayList<>();
        List<String> consoleErrors = new ArrayList<>();
        Checked checked = new Checked(new java.util.HashMap<>(), new java.util.HashSet<>(), new java.util.HashSet<>());
        List<String> pages = new ArrayList<>();
        pages.addAll(crawl("anonymous", context(consoleErrors).newPage(), checked, problems));
        pages.addAll(crawl("student", signedIn("ada@uni.edu", consoleErrors), checked, problems));
        pages.addAll(crawl("instructor", signedIn("prof@uni.edu", consoleErrors), checked, problems));
        pages.addAll(crawl("admin", signedIn("admin@uni.edu", consoleErrors), checked, problems));
        assertThat(pages).as("the crawl reaches the kinds of pages it is meant to check")
                .anyMatch(p -> p.startsWith("student /lessons/representations/03-"))   // math and a quiz
                .anyMatch(p -> p.equals("student /labs/reverse-dictionary"))
                .anyMatch(p -> p.startsWith("student /labs/reverse-dictionary/test/leaderboard"))
                .anyMatch(p -> p.matches("student /jobs/\\d+"))
                .anyMatch(p -> p.equals("student /model")).anyMatch(p -> p.equals("student /grades"))
                .anyMatch(p -> p.equals("instructor /instructor/progress")).anyMatch(p -> p.equals("instructor /labs/reverse-dictionary"))
                .anyMatch(p -> p.equals("instructor /labs/reverse-dictionary/test/submissions"))
                .anyMatch(p -> p.equals("instructor /grades")).anyMatch(p -> p.equals("instructor /labs/reverse-dictionary/gradebook"))
                .anyMatch(p -> p.equals("admin /admin/users")).anyMatch(p -> p.equals("admin /"))
                .anyMatch(p -> p.equals("anonymous /signup"));
        Page prof = signedIn("prof@uni.edu", consoleErrors);
        prof.navigate(server.url("/labs/reverse-dictionary/test/submissions"));
        assertThat(prof.locator("table.extensions tbody tr").count()).as("the checked submissions page lists an extension").isEqualTo(1);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
        assertThat(consoleErrors).as("console errors (CSP violations show here)").isEmpty();
    }

    @Test
    void aKeyboardUserSkipsTheMenuToTheContent() {
        List<String> errors = new ArrayList<>();
        Page p = signedIn("bob@uni.edu", errors);
        p.navigate(server.url("/course"));
        p.keyboard().press("Tab");
        var skip = p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Skip to the content"));
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(skip).isFocused();
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(skip).isInViewport();
        p.keyboard().press("Enter");
        p.keyboard().press("Tab");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(p.getByLabel("Search the lessons")).isFocused();
        assertThat(errors).isEmpty();
    }

    /** Issue 15: the Model page's {@code .narrow} once made these pages 96 px wide, one word per line. */
    @Test
    void signInSignUpSetUpAndErrorPagesShowAReadableColumn() {
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        TestServer fresh;
        System.setOut(new java.io.PrintStream(console, true));
        try {
            fresh = TestServer.start(); // no account yet: the console shows the one-time set-up link
        } finally {
            System.setOut(out);
        }
        try (fresh) {
            var link = Pattern.compile("/setup/[A-Za-z0-9_-]+").matcher(console.toString());
            assertThat(link.find()).as("the console shows a set-up link").isTrue();
            List<String> errors = new ArrayList<>();
            Page p = context(errors).newPage();
            Map<String, String> pages = new java.util.LinkedHashMap<>();
            pages.put(link.group(), "Set up NLU Lab");
            pages.put("/signup", "NLU Lab is not set up yet");
            for (var page : pages.entrySet()) assertReadable(p, fresh, page.getKey(), page.getValue());
            fresh.user("prof@uni.edu", Role.ADMIN);
            pages.clear();
            pages.put("/login", "Sign in");
            pages.put("/signup", "Join the course");
            pages.put("/no-such-page", "Not found");
            for (var page : pages.entrySet()) assertReadable(p, fresh, page.getKey(), page.getValue());
            assertThat(errors).as("console errors").isEmpty();
        }
    }

    /** The page's main column is at least 320 px wide in a 1280 px window, and nothing scrolls sideways at 390 px. */
    private static void assertReadable(Page p, TestServer s, String path, String heading) {
        Browser.desktop(p);
        p.navigate(s.url(path));
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(p.locator("h1")).hasText(heading);
        double width = ((Number) p.locator("main").evaluate("m => m.getBoundingClientRect().width")).doubleValue();
        assertThat(width).as("width of the main column of %s at 1280 px", path).isGreaterThanOrEqualTo(320);
        String shot = "readable-" + heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-");
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot(shot + "-1280")));
        Browser.phone(p);
        assertThat(sideways(p)).as("%s at 390 px", path).isNull();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot(shot + "-390")));
    }

    private static BrowserContext context(List<String> consoleErrors) {
        return chromium.context(consoleErrors, Browser.FAILED_LOAD);
    }

    private static Page signedIn(String email, List<String> consoleErrors) {
        Page p = context(consoleErrors).newPage();
        p.navigate(server.url("/login"));
        p.getByLabel("Email").fill(email);
        p.getByLabel("Password").fill(TestServer.PASSWORD);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        p.waitForURL(server.url("/"));
        return p;
    }

    /**
     * Visits every page reachable by links from the start page (and a missing page, for the error page),
     * checks each with axe-core at 1280 px, then at 390 px for sideways scrolling and for the one rule that
     * depends on the width (boxes that scroll only on a phone must be reachable by keyboard). A page whose
     * {@code <main>}, as the server sends it, is the same as when another role's crawl checked it (a lesson is
     * the same for a student and an instructor) is only followed for its links, read from its HTML; each role's home page is always checked, for its
     * menu. A page that differs from one checked (by any role) only in its text gets the sideways check and
     * {@link #TEXT_RULES}, at 390 px: a lesson whose kinds of content ({@link #lessonKinds}) are all checked, or
     * a page whose {@code <main>} has the {@link #SHAPE} of one checked. Returns "role path" of every page
     * checked.
     */
    private static List<String> crawl(String role, Page p, Checked before, List<String> problems) {
        Deque<String> queue = new ArrayDeque<>(List.of("/", "/signup", "/no-such-page"));
        Set<String> seen = new LinkedHashSet<>();
        Map<String, Integer> variants = new java.util.HashMap<>();
        List<String> checked = new ArrayList<>();
        List<String> textOnly = new ArrayList<>();
        long start = System.nanoTime();
        while (!queue.isEmpty()) {
            String path = queue.poll();
            if (!seen.add(path)) continue;
            // a page with other query values (the Model page has 18 examples) is the same page: two are enough
            if (path.contains("?") && variants.merge(path.substring(0, path.indexOf('?')), 1, Integer::sum) > 2) continue;
            // the page as the server sends it, in this role's session: when its <main> is the one another role's
            // crawl checked, only its links are followed, without drawing it again
            APIResponse sent = p.request().get(server.url(path));
            String at = path(sent.url());
            if (!at.equals(path) && !seen.add(at)) continue; // a redirect to a page already seen
            if (!String.valueOf(sent.headers().get("content-type")).startsWith("text/html")) continue;
            Document html = Jsoup.parse(sent.text(), sent.url());
            sent.dispose();
            Element drawn = html.selectFirst("main");
            if (drawn != null) drawn.select("input[name=_csrf]").remove(); // per session
            String main = drawn == null ? "" : drawn.outerHtml();
            if (!at.equals("/") && main.equals(before.mains().get(at))) {
                for (String link : links(html.select("a[href]:not([download])").eachAttr("abs:href"))) if (!seen.contains(link)) queue.add(link);
                continue;
            }
            before.mains().put(at, main);
            p.navigate(server.url(at));
            settle(p);
            for (String link : links(p)) if (!seen.contains(link)) queue.add(link);
            Set<String> kinds = lessonKinds(at);
            String shape = (String) p.evaluate(SHAPE);
            boolean whole = at.equals("/") || (kinds != null ? !before.lessonKinds().containsAll(kinds) : !before.shapes().contains(shape));
            checked.add(role + " " + at);
            if (whole) {
                if (kinds != null) before.lessonKinds().addAll(kinds);
                else before.shapes().add(shape);
                problems.addAll(Browser.axe(p, role + " " + at + " (1280 px)"));
            } else {
                textOnly.add(at);
            }
            Browser.phone(p);
            settle(p);
            String sideways = sideways(p);
            if (sideways != null) problems.add(role + " " + at + ": scrolls sideways at 390 px: " + sideways);
            if (whole) problems.addAll(Browser.axe(p, role + " " + at + " (390 px)", List.of("scrollable-region-focusable")));
            else problems.addAll(Browser.axe(p, role + " " + at + " (390 px, the rules about a page's own text)", TEXT_RULES));
            Browser.desktop(p);
        }
        System.out.printf("%s: %d pages checked in %.1f s, %d of them differing from one checked only in their text: %s%n",
                role, checked.size(), (System.nanoTime() - start) / 1e9, textOnly.size(), textOnly);
        return checked;
    }

    /** What the crawls have checked: each page's main as the server sent it, by path; with the whole rule set, lessons' kinds of content and mains' shapes. */
    record Checked(Map<String, String> mains, Set<String> lessonKinds, Set<String> shapes) {}

    /**
     * The shape of the page's {@code <main>}: its elements with their classes, roles and types, nested, without
     * text or other attributes. Pages of one shape are one template with one layout (its styles come by class).
     */
    static final String SHAPE = "() => { const shape = e => e.tagName + [...e.classList].sort().map(c => '.' + c).join('')"
            + " + (e.getAttribute('role') ? '[role=' + e.getAttribute('role') + ']' : '') + (e.type ? '[type=' + e.type + ']' : '')"
            + " + '(' + [...e.children].map(shape).join('') + ')'; return shape(document.querySelector('main')); }";

    /**
     * What a lesson's Markdown puts on its page, for the crawl to check one lesson of each kind with the whole
     * rule set (all lessons share one template; what differs is their content): each live demo by name, each
     * type of quiz question, display and inline math, tables, code blocks by language, figures, a table of
     * contents, quotes, lists.
     * Null when {@code path} is no lesson of the shipped course.
     */
    static Set<String> lessonKinds(String path) {
        if (!path.startsWith("/lessons/") || path.contains("?")) return null;
        Path md = Path.of("lessons", path.substring("/lessons/".length()) + ".md");
        if (!Files.isRegularFile(md)) return null;
        String text;
        try {
            text = Files.readString(md);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Set<String> kinds = new java.util.TreeSet<>();
        var demos = Pattern.compile("(?m)^```demo\\s*\\n\\s*name:\\s*(\\S+)").matcher(text);
        while (demos.find()) kinds.add("demo " + demos.group(1));
        var quizzes = Pattern.compile("(?ms)^```quiz\\s*$(.*?)^```").matcher(text);
        while (quizzes.find()) {
            var types = Pattern.compile("(?m)^\\s*(?:-\\s+)?type:\\s*(\\S+)").matcher(quizzes.group(1));
            while (types.find()) kinds.add("quiz " + types.group(1));
        }
        var code = Pattern.compile("(?m)^```(\\w*)\\s*$").matcher(text);
        for (boolean open = true; code.find(); open = !open) if (open) kinds.add("code " + code.group(1));
        kinds.remove("code quiz");
        kinds.remove("code demo");
        Map<String, String> marks = Map.of("display math", "(?m)^\\$\\$", "inline math", "\\$[^$\\s][^$\\n]*\\$", "table", "(?m)^\\|.*\\|\\s*$",
                "figure", "!\\[", "contents", "(?m)^\\[TOC\\]", "quote", "(?m)^> ", "numbered list", "(?m)^\\d+\\. ", "list", "(?m)^[-*] ");
        marks.forEach((kind, regex) -> {
            if (Pattern.compile(regex).matcher(text).find()) kinds.add(kind);
        });
        return kinds;
    }

    /**
     * Waits for the page's own scripts: KaTeX in lessons, a job page's live stream to say the job ended, a
     * lesson's live demos to draw their first answer (on a loaded machine the first call loads a model).
     */
    private static void settle(Page p) {
        p.waitForFunction("() => document.readyState === 'complete'"
                + " && (!document.getElementById('job') || document.getElementById('job').dataset.live === 'ended')"
                + " && [...document.querySelectorAll('.demo[data-demo]')].every(d => d.classList.contains('demo-live') && d.getAttribute('aria-busy') !== 'true')",
                null, new Page.WaitForFunctionOptions().setTimeout(120_000));
        p.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"); // app.js's layout work
    }

    private static String path(String url) {
        String base = server.url("");
        String rest = url.startsWith(base) ? url.substring(base.length()) : url;
        int hash = rest.indexOf('#');
        return hash < 0 ? rest : rest.substring(0, hash);
    }

    @SuppressWarnings("unchecked")
    private static List<String> links(Page p) {
        return links((List<String>) p.evaluate("() => [...document.querySelectorAll('a[href]:not([download])')].map(a => a.href)"));
    }

    /** The paths of these links that lead to pages of the server. */
    private static List<String> links(List<String> hrefs) {
        List<String> out = new ArrayList<>();
        for (String href : hrefs) {
            if (!href.startsWith(server.url("/"))) continue;
            String path = path(href);
            String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            if (!NOT_A_PAGE.matcher(plain).find()) out.add(path);
        }
        return out;
    }

    /** Null when the page fits the window's width; else how wide it is and what sticks out (elements, text). */
    static String sideways(Page p) {
        return (String) p.evaluate("() => {"
                + " const root = document.documentElement, width = root.clientWidth;"
                + " if (root.scrollWidth <= width) return null;"
                + " const out = (box) => box.right > width + 1;"
                + " const clipped = (e) => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)"
                + "   if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };"
                + " const name = (e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');"
                + " const found = [...document.body.querySelectorAll('*')].filter(e => out(e.getBoundingClientRect())"
                + "   && !out(e.parentElement.getBoundingClientRect()) && !clipped(e)).map(name);"
                + " const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); let t;"
                + " while ((t = texts.nextNode())) { const r = document.createRange(); r.selectNodeContents(t);"
                + "   if (out(r.getBoundingClientRect()) && !clipped(t)) found.push('text \"' + t.textContent.trim().slice(0, 40) + '\" in ' + name(t.parentElement)); }"
                + " return root.scrollWidth + ' px wide; sticking out: ' + (found.slice(0, 6).join(', ') || 'positioned content');"
                + "}");
    }
}
