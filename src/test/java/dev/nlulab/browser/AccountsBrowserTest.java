package dev.nlulab.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.accounts.Role;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A student and an instructor use the accounts pages in a real Chromium. */
class AccountsBrowserTest {
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    private static Page page(List<String> consoleErrors) {
        BrowserContext ctx = chromium.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 800));
        Page p = ctx.newPage();
        p.onConsoleMessage(m -> { // a 4xx answer to a form is expected; script and CSP errors are not
            if (m.type().equals("error") && !m.text().startsWith("Failed to load resource")) consoleErrors.add(m.text()); });
        return p;
    }

    @Test
    void studentSignsUpWithTheInviteCodeSeesTheMenuAndSignsOut() {
        var admin = server.user("prof@uni.edu", Role.ADMIN);
        String code = server.platform.accounts().invites().rotate(admin.id());
        List<String> errors = new ArrayList<>();
        Page p = page(errors);

        p.navigate(server.url("/"));
        assertThat(p).hasURL(server.url("/login"));
        p.getByText("Sign up with your invite code").click();

        // a wrong code first: the message sits next to the field, the typed email stays
        p.getByLabel("Invite code").fill("WRONG-CODE-AAAA");
        p.getByLabel("Email").fill("ada@uni.edu");
        p.getByLabel("Display name").fill("Ada Lovelace");
        p.getByLabel("Password").fill("analytical-engine-1843");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        assertThat(p.locator(".field-error")).containsText("not valid");
        assertThat(p.getByLabel("Email")).hasValue("ada@uni.edu");
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("signup-error")).setFullPage(true));
        assertThat(Browser.axe(p, "sign-up with a wrong code")).isEmpty();

        p.getByLabel("Invite code").fill(code);
        p.getByLabel("Password").fill("analytical-engine-1843");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        assertThat(p.locator("h1")).containsText("Welcome, Ada Lovelace");
        assertThat(p.locator(".who .role-badge")).hasText("student");
        assertThat(p.locator(".mainnav")).not().containsText("People");
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("student-home")).setFullPage(true));

        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(p).hasURL(server.url("/login"));
        p.navigate(server.url("/"));
        assertThat(p).hasURL(server.url("/login"));

        p.getByLabel("Email").fill("ada@uni.edu");
        p.getByLabel("Password").fill("analytical-engine-1843");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(p.locator("h1")).containsText("Welcome, Ada Lovelace");
        assertThat(errors).as("console errors (CSP violations show here)").isEmpty();
    }

    @Test
    void instructorImportsARosterAndSeesAPerRowReport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        server.user("teacher@uni.edu", Role.INSTRUCTOR);
        List<String> errors = new ArrayList<>();
        Page p = page(errors);
        p.navigate(server.url("/login"));
        p.getByLabel("Email").fill("teacher@uni.edu");
        p.getByLabel("Password").fill(TestServer.PASSWORD);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("People")).click();
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("instructor-people")).setFullPage(true));

        Path csv = dir.resolve("roster.csv");
        Files.writeString(csv, "email,name,role\nalan@uni.edu,Alan Turing,student\nnot-an-email,Bob,student\n"
                + "grace@uni.edu,Grace Hopper,instructor\n", StandardCharsets.UTF_8);
        p.setInputFiles("input[name=roster]", csv);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
        assertThat(p.locator(".summary")).containsText("2 created");
        assertThat(p.locator(".summary")).containsText("1 rejected");
        assertThat(p.locator("tr.rejected")).containsText("not a valid email");
        assertThat(p.locator("tr.rejected td").first()).hasText("3");
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("roster-report")).setFullPage(true));
        assertThat(Browser.axe(p, "roster report")).isEmpty();
        assertThat(server.platform.accounts().users().byEmail("grace@uni.edu")).isPresent();
        assertThat(errors).isEmpty();
    }

    @Test
    void anAdminChangesARoleAndIsToldWhoseRoleChangedAndARosterErrorNamesItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        server.user("root@uni.edu", Role.ADMIN);
        server.platform.accounts().createUser("linus@uni.edu", "Linus Pauling", TestServer.PASSWORD, Role.STUDENT);
        List<String> errors = new ArrayList<>();
        Page p = page(errors);
        p.navigate(server.url("/login"));
        p.getByLabel("Email").fill("root@uni.edu");
        p.getByLabel("Password").fill(TestServer.PASSWORD);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        p.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Users")).click();
        Locator row = p.locator("tr", new Page.LocatorOptions().setHasText("linus@uni.edu"));
        row.getByLabel("Role of Linus Pauling").selectOption("instructor");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        assertThat(p.locator(".flash")).containsText("Linus Pauling (linus@uni.edu) is now an instructor");
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("admin-users-role-changed")).setFullPage(true));
        p.setViewportSize(390, 844);
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("admin-users-role-changed-390")).setFullPage(true));

        p.navigate(server.url("/instructor/people"));
        assertThat(p.locator("table.data")).containsText(java.time.LocalDate.now(java.time.ZoneId.of("UTC")).toString());
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("people-390")).setFullPage(true));
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, "email,name,role\nada@uni.edu,Ada,student\nbob@uni.edu,\"Bob,student\n", StandardCharsets.UTF_8);
        p.setInputFiles("input[name=roster]", csv);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
        assertThat(p.locator("main .error")).containsText("Line 3:");
        assertThat(p.locator("main .error")).not().containsText("Exception");
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("roster-error-390")).setFullPage(true));
        p.setViewportSize(1280, 800);
        p.screenshot(new Page.ScreenshotOptions().setPath(Browser.shot("roster-error-1280")).setFullPage(true));
        assertThat(errors).isEmpty();
    }
}
