package dev.nlulab.web;

import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebSecurityTest {
    static TestServer server;

    /** A route that fails, to see what a 500 shows. */
    static final Feature BROKEN = r -> r.get("/test/boom", Role.ANYONE, ctx -> { throw new IllegalStateException("secret internal detail"); });

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("max.request.mb", "1"), List.of(BROKEN));
        server.user("prof@uni.edu", Role.ADMIN);
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void everyPageCarriesTheSecurityHeaders() {
        HttpResponse<String> r = new TestClient(server).get("/login");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSite() {
        server.user("cookie@uni.edu", Role.STUDENT);
        TestClient c = new TestClient(server);
        c.get("/login");
        HttpResponse<String> r = c.post("/login", Map.of("email", "cookie@uni.edu", "password", TestServer.PASSWORD));
        assertThat(r.statusCode()).isEqualTo(302);
        String setCookie = r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("nlulab_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void aPageFromMemoryThatCouldAnswerUnderTheApiKeyPrefixStopsTheServerFromStarting() {
        Feature api = new Feature() {
            @Override
            public void routes(Router r) {
                r.get("/v1/models", Role.STUDENT, ctx -> ctx.result("[]"));
            }

            @Override
            public Optional<BearerRealm> bearerRealm() {
                return Optional.of(new BearerRealm() {
                    @Override public String prefix() { return "/v1/"; }
                    @Override public User authenticate(Context ctx) { throw new UnauthorizedResponse(); }
                    @Override public void error(Context ctx, int status, String message, Map<String, String> details) { ctx.status(status); }
                });
            }
        };
        MemoryPage kept = (user, csrf, params) -> "kept".getBytes(StandardCharsets.UTF_8);
        Map<String, String> refused = Map.of("/v1/notes", "/v1/", "/{part}/notes", "/v1/");
        try (Database db = TestDatabases.h2()) {
            for (var route : refused.entrySet()) {
                Feature page = r -> r.get(route.getKey(), Role.STUDENT, ctx -> ctx.result("notes"), kept);
                WebServer web = new WebServer(Settings.of(Map.of("port", "0")), db, token -> Optional.empty(), new SetupGate(() -> 1), List.of(api, page));
                assertThatThrownBy(web::start).as(route.getKey()).hasMessageContaining("the page route GET " + route.getKey())
                        .hasMessageContaining("under " + route.getValue()).hasMessageContaining("API key");
                web.stop();
            }
            Feature outside = r -> r.get("/v1", Role.STUDENT, ctx -> ctx.result("notes"), kept); // "/v1" itself is no API path
            WebServer web = new WebServer(Settings.of(Map.of("port", "0")), db, token -> Optional.empty(), new SetupGate(() -> 1), List.of(api, outside));
            web.start();
            web.stop();
        }
    }

    @Test
    void secureCookiesWhenConfigured() {
        try (TestServer s = TestServer.start(Map.of("secure.cookies", "true"), List.of())) {
            s.user("a@uni.edu", Role.ADMIN);
            HttpResponse<String> r = new TestClient(s).get("/login");
            assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(h -> assertThat(h).startsWith("nlulab_csrf=").contains("Secure").contains("HttpOnly"));
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
        }
    }

    @Test
    void formsWithoutOrWithAWrongCsrfTokenAreRefused() {
        server.user("csrf@uni.edu", Role.STUDENT);
        TestClient c = new TestClient(server);
        c.get("/login");
        HttpResponse<String> missing = c.postRaw("/login", Map.of("email", "csrf@uni.edu", "password", TestServer.PASSWORD));
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("security token");
        HttpResponse<String> wrong = c.postRaw("/login", Map.of("email", "csrf@uni.edu", "password", TestServer.PASSWORD, "_csrf", "forged"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(c.cookie("nlulab_session")).isNull();
        // signed in, the session's own token is required: the pre-sign-in token no longer works
        c.signIn("csrf@uni.edu", TestServer.PASSWORD);
        assertThat(c.postRaw("/logout", Map.of("_csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(c.post("/logout", Map.of()).statusCode()).isEqualTo(302);
    }

    @Test
    void unknownRoutesGetA404PageAndFailuresNeverShowAStackTrace() {
        TestClient c = new TestClient(server);
        HttpResponse<String> notFound = c.get("/no/such/page");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).contains("Not found").contains("<html");
        HttpResponse<String> boom = c.get("/test/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("incident").doesNotContain("secret internal detail").doesNotContain("at dev.nlulab");
        HttpResponse<String> json = c.send(HttpRequest.newBuilder(URI.create(server.url("/api/nothing"))).GET().build());
        assertThat(json.statusCode()).isEqualTo(404);
        assertThat(json.body()).startsWith("{").contains("\"status\":404");
    }

    @Test
    void oversizedBodiesAreRefusedWith413() {
        TestClient c = new TestClient(server);
        // over the 1 MB limit but under twice it, so the server reads it to the end and the answer is sure to arrive
        // (a larger body is refused unread and the client may see the connection reset: BadBodiesTest checks that case)
        String big = "x".repeat(1536 * 1024);
        HttpResponse<String> r = c.post("/login", Map.of("email", big, "password", "y"));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void healthReportsTheDatabase() {
        HttpResponse<String> r = new TestClient(server).get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"database\":true");
    }

    @Test
    void aCraftedNextParameterCannotRedirectOffSite() {
        server.user("next@uni.edu", Role.STUDENT);
        TestClient c = new TestClient(server);
        c.get("/login");
        HttpResponse<String> r = c.post("/login", Map.of("email", "next@uni.edu", "password", TestServer.PASSWORD, "next", "//evil.example/x"));
        assertThat(r.headers().firstValue("Location")).contains("/");
    }

    @Test
    void aNextWithATabOrABackslashCannotRedirectOffSite() {
        server.user("tab@uni.edu", Role.STUDENT);
        for (String next : List.of("/\t/evil.example", "/\\evil.example", "/%2F/evil.example", "/\n/evil.example")) {
            TestClient c = new TestClient(server);
            c.get("/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> r = c.post("/login", Map.of("email", "tab@uni.edu", "password", TestServer.PASSWORD, "next", next));
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(next).contains("/");
        }
    }

    @Test
    void signingInReturnsToThePageAskedForWithItsQuery() {
        server.user("search@uni.edu", Role.STUDENT);
        TestClient c = new TestClient(server);
        HttpResponse<String> asked = c.get("/search?q=bm25+okapi");
        assertThat(asked.statusCode()).isEqualTo(302);
        String login = asked.headers().firstValue("Location").orElseThrow();
        assertThat(login).isEqualTo("/login?next=%2Fsearch%3Fq%3Dbm25%2Bokapi");
        HttpResponse<String> form = c.get(login);
        assertThat(form.body()).contains("name=\"next\" value=\"/search?q=bm25+okapi\"");
        HttpResponse<String> r = c.post("/login", Map.of("email", "search@uni.edu", "password", TestServer.PASSWORD,
                "next", "/search?q=bm25+okapi"));
        assertThat(r.headers().firstValue("Location")).contains("/search?q=bm25+okapi");
    }

    @Test
    void pageOutputIsEscaped() {
        server.platform.accounts().createUser("xss@uni.edu", "<script>alert(1)</script>", TestServer.PASSWORD, Role.STUDENT);
        TestClient c = new TestClient(server);
        c.signIn("xss@uni.edu", TestServer.PASSWORD);
        String home = c.get("/").body();
        assertThat(home).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
