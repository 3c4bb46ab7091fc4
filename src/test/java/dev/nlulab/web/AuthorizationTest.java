package dev.nlulab.web;

import dev.nlulab.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks every registered route as anonymous, student, instructor and admin, and checks the server's answer. */
class AuthorizationTest {
    static TestServer server;
    static Map<Role, TestClient> clients;
    static Map<Role, String> keys; // each signed-in role's API key, for the bearer routes (/v1)

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.user("first@uni.edu", Role.ADMIN);
        clients = Map.of(
                Role.ANYONE, new TestClient(server),
                Role.STUDENT, server.signedIn("student@uni.edu", Role.STUDENT),
                Role.INSTRUCTOR, server.signedIn("instructor@uni.edu", Role.INSTRUCTOR),
                Role.ADMIN, server.signedIn("admin@uni.edu", Role.ADMIN));
        clients.get(Role.ADMIN).apiKey("key 1, which the walk revokes at /account/api-keys/1/revoke");
        keys = Map.of(Role.STUDENT, clients.get(Role.STUDENT).apiKey("auth"), Role.INSTRUCTOR, clients.get(Role.INSTRUCTOR).apiKey("auth"),
                Role.ADMIN, clients.get(Role.ADMIN).apiKey("auth"));
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void everyRouteAdmitsExactlyTheRolesItDeclares() {
        List<Router.Route> routes = server.platform.web().routes();
        assertThat(routes).hasSizeGreaterThan(10);
        List<String> failures = new ArrayList<>();
        for (Router.Route route : routes) {
            if (route.path().equals("/logout")) continue; // checked last: it ends the session
            if (route.path().equals("/view-as/student")) continue; // checked last: it lowers the instructor's role
            String path = route.path().replaceAll("\\{[^}]+}", "1");
            boolean bearer = server.platform.web().bearerPrefixes().stream().anyMatch(path::startsWith);
            for (Role as : List.of(Role.ANYONE, Role.STUDENT, Role.INSTRUCTOR, Role.ADMIN)) {
                if (bearer && as != Role.ANYONE) { // a program's route: the session alone never opens it
                    int withSession = call(clients.get(as), route.method(), path).statusCode();
                    if (withSession != 401) failures.add(route + " as " + as + " with a session and no key: expected 401, got " + withSession);
                }
                int status = (bearer && as != Role.ANYONE ? callWithKey(keys.get(as), route.method(), path) : call(clients.get(as), route.method(), path)).statusCode();
                boolean admitted = route.role().admits(as == Role.ANYONE ? null : as);
                boolean refused = status == 401 || status == 403 || (as == Role.ANYONE && status == 302 && route.method().equals("GET")
                        && !route.role().equals(Role.ANYONE));
                if (admitted && (status == 401 || status == 403 || status >= 500))
                    failures.add(route + " as " + as + ": expected admitted, got " + status);
                if (!admitted && !refused)
                    failures.add(route + " as " + as + ": expected refused, got " + status);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(call(clients.get(Role.ANYONE), "POST", "/view-as/student").statusCode()).isEqualTo(401);
        assertThat(call(clients.get(Role.STUDENT), "POST", "/view-as/student").statusCode()).isEqualTo(403);
        assertThat(call(clients.get(Role.INSTRUCTOR), "POST", "/view-as/student").statusCode()).isEqualTo(302);
        assertThat(call(clients.get(Role.INSTRUCTOR), "GET", "/instructor/people").statusCode())
                .as("an instructor's route in the student's view").isEqualTo(403);
        assertThat(call(clients.get(Role.INSTRUCTOR), "POST", "/view-as/instructor").statusCode()).isEqualTo(302);
        assertThat(call(clients.get(Role.INSTRUCTOR), "GET", "/instructor/people").statusCode()).isEqualTo(200);
        assertThat(call(clients.get(Role.ANYONE), "POST", "/logout").statusCode()).isEqualTo(401);
        assertThat(call(clients.get(Role.STUDENT), "POST", "/logout").statusCode()).isEqualTo(302);
    }

    @Test
    void anonymousPageRequestsAreSentToSignIn() {
        HttpResponse<String> r = new TestClient(server).get("/instructor/people");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains("/login?next=%2Finstructor%2Fpeople");
    }

    private static HttpResponse<String> callWithKey(String key, String method, String path) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path))).header("Authorization", "Bearer " + key);
        return new TestClient(server).send((method.equals("GET") ? request.GET()
                : request.header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))).build());
    }

    private static HttpResponse<String> call(TestClient c, String method, String path) {
        return method.equals("GET") ? c.get(path) : c.post(path, Map.of());
    }
}
