package dev.nlulab.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.nlulab.identity.Role;
import dev.nlulab.web.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A student and an instructor make, use and revoke API keys in Chromium, at a laptop's width and a phone's. */
class ApiKeysBrowserTest {
    static TestServer server;
    static Browser chromium;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), List.of());
        server.user("admin@uni.edu", Role.ADMIN);
        chromium = new Browser();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        server.close();
    }

    static int modelsStatus(String key) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.url("/v1/models"))).header("Authorization", "Bearer " + key).GET().build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aStudentMakesAKeySeesItOnceUsesItAndRevokesIt() throws Exception {
        server.user("ada@uni.edu", Role.STUDENT);
        List<String> errors = new ArrayList<>();
        Page p = chromium.signIn(server, "ada@uni.edu", errors);
        p.getByLabel("Main").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("API keys")).click();
        assertThat(p.locator("h1")).hasText("API keys");
        assertThat(p.getByText("You have no keys yet.")).isVisible();
        assertThat(p.locator("main")).containsText(server.url("/v1"));

        p.getByLabel("Name").fill("my notebook");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make a key")).click();
        assertThat(p.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your new key “my notebook”"))).isVisible();
        assertThat(p.getByText("Copy it now: it is shown only this once.")).isVisible();
        Locator secret = p.getByLabel("Key", new Page.GetByLabelOptions().setExact(true));
        String key = secret.inputValue();
        assertThat(key).matches("nlulab-[A-Za-z0-9_-]{43}");
        assertThat(secret.isEditable()).as("read-only, for copying").isFalse();
        Locator row = p.locator("table.data tbody tr").first();
        assertThat(row).containsText("my notebook");
        assertThat(row).containsText("nlulab-…" + key.substring(key.length() - 4));
        assertThat(row).containsText("never");
        Browser.fullShot(p, "api-keys-student-new-key");

        assertThat(modelsStatus(key)).isEqualTo(200);
        p.navigate(server.url("/account/api-keys"));
        assertThat(p.locator("main")).not().containsText(key);
        assertThat(p.locator("table.data tbody tr").first()).not().containsText("never"); // last used: just now

        Browser.phone(p);
        p.navigate(server.url("/account/api-keys"));
        assertThat(((Number) p.evaluate("() => document.documentElement.scrollWidth")).intValue()).as("no sideways scroll on a phone")
                .isLessThanOrEqualTo(390);
        Browser.fullShot(p, "api-keys-student-390");
        Browser.desktop(p);

        p.onDialog(d -> d.accept()); // "Revoke the key ...? Programs using it stop working."
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke my notebook")).click();
        assertThat(p.locator(".flash")).containsText("The key is revoked");
        assertThat(p.locator("table.data tbody tr").first()).containsText(Pattern.compile("revoked \\d{4}-\\d{2}-\\d{2}"));
        assertThat(modelsStatus(key)).isEqualTo(401);
        Browser.fullShot(p, "api-keys-student-revoked");
        assertThat(errors).as("console errors").isEmpty();
    }

    @Test
    void anInstructorSeesOnlyTheirOwnKeysAndATooLongNameIsExplainedByItsField() {
        server.user("prof@uni.edu", Role.INSTRUCTOR);
        server.user("bob@uni.edu", Role.STUDENT);
        List<String> errors = new ArrayList<>();
        Page bob = chromium.signIn(server, "bob@uni.edu", errors);
        bob.navigate(server.url("/account/api-keys"));
        bob.getByLabel("Name").fill("bob's script");
        bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make a key")).click();

        Page prof = chromium.signIn(server, "prof@uni.edu", errors, Browser.FAILED_LOAD); // the 422 below
        prof.navigate(server.url("/account/api-keys"));
        assertThat(prof.locator("main")).not().containsText("bob's script");
        prof.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make a key")).click(); // no name: "key 1"
        assertThat(prof.locator("table.data tbody tr").first()).containsText("key 1");
        Browser.fullShot(prof, "api-keys-instructor");

        prof.locator("input[name=name]").evaluate("i => i.removeAttribute('maxlength')");
        prof.getByLabel("Name").fill("x".repeat(81));
        prof.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make a key")).click();
        assertThat(prof.locator(".field-error")).hasText("Use at most 80 characters for the key's name.");
        assertThat(prof.getByLabel("Name")).hasAttribute("aria-invalid", "true");
        assertThat(prof.locator("table.data tbody tr")).hasCount(1);

        Browser.phone(prof);
        prof.navigate(server.url("/account/api-keys"));
        assertThat(((Number) prof.evaluate("() => document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
        Browser.fullShot(prof, "api-keys-instructor-390");
        assertThat(errors).as("console errors").isEmpty();
    }
}
