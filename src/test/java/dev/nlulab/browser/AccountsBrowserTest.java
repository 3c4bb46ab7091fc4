package dev.nlulab.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
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

    /** A signed-out window: a 4xx answer to a form is expected; script and CSP errors are not. */
    private static Page page(List<String> consoleErrors) {
        return chromium.window(consoleErrors, Browser.FAILED_LOAD);
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
        Browser.fullShot(p, "signup-error");
        assertThat(Browser.axe(p, "sign-up with a wrong code")).isEmpty();

        p.getByLabel("Invite code").fill(code);
        p.getByLabel("Password").fill("analytical-engine-1843");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        assertThat(p.locator("h1")).containsText("Welcome, Ada Lovelace");
        assertThat(p.locator(".who .role-badge")).hasText("student");
        assertThat(p.locator(".mainnav")).not().containsText("People");
        Browser.fullShot(p, "student-home");

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
        Browser.fullShot(p, "instructor-people");

        Path csv = dir.resolve("roster.csv");
        Files.writeString(csv, "email,name,role\nalan@uni.edu,Alan Turing,student\nnot-an-email,Bob,student\n"
                + "grace@uni.edu,Grace Hopper,instructor\n", StandardCharsets.UTF_8);
        p.setInputFiles("input[name=roster]", csv);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
        assertThat(p.locator(".summary")).containsText("2 created");
        assertThat(p.locator(".summary")).containsText("1 rejected");
        assertThat(p.locator("tr.rejected")).containsText("not a valid email");
        assertThat(p.locator("tr.rejected td").first()).hasText("3");
        Browser.fullShot(p, "roster-report");
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
        Browser.fullShot(p, "admin-users-role-changed");
        Browser.phone(p);
        Browser.fullShot(p, "admin-users-role-changed-390");

        p.navigate(server.url("/instructor/people"));
        assertThat(p.locator("table.data")).containsText(java.time.LocalDate.now(java.time.ZoneId.of("UTC")).toString());
        Browser.fullShot(p, "people-390");
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, "email,name,role\nada@uni.edu,Ada,student\nbob@uni.edu,\"Bob,student\n", StandardCharsets.UTF_8);
        p.setInputFiles("input[name=roster]", csv);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
        assertThat(p.locator("main .error")).containsText("Line 3:");
        assertThat(p.locator("main .error")).not().containsText("Exception");
        Browser.fullShot(p, "roster-error-390");
        Browser.desktop(p);
        Browser.fullShot(p, "roster-error-1280");
        assertThat(errors).isEmpty();
    }
}
