package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The accounts pages over HTTP: what the admin and the instructor read after acting. */
class AccountRoutesTest {
    static TestServer server;
    static TestClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), List.of());
        admin = server.signedIn("root@uni.edu", Role.ADMIN);
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void aRoleChangeSaysWhoseRoleChanged() {
        User ada = server.platform.accounts().createUser("ada@uni.edu", "Ada Lovelace", TestServer.PASSWORD, Role.STUDENT);
        admin.get("/admin/users");
        HttpResponse<String> r = admin.post("/admin/users/" + ada.id() + "/role", Map.of("role", "instructor"));
        assertThat(r.statusCode()).isEqualTo(302);
        String page = admin.get("/admin/users").body();
        assertThat(page).contains("Ada Lovelace (ada@uni.edu) is now an instructor");
    }

    @Test
    void aRosterWithAnOverLongEmailKeepsItsGoodRowsAndABrokenQuoteNamesItsLine() {
        TestClient prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
        prof.get("/instructor/people");
        String longEmail = "x".repeat(60) + "@" + "y".repeat(300) + ".edu";
        HttpResponse<String> r = prof.upload("/instructor/roster", "roster", "roster.csv",
                ("email,name,role\ngrace@uni.edu,Grace Hopper,student\n" + longEmail + ",Long,student\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("1 created").contains("1 rejected").contains("at most 320 characters");
        assertThat(server.platform.accounts().users().byEmail("grace@uni.edu")).isPresent();

        HttpResponse<String> broken = prof.upload("/instructor/roster", "roster", "roster.csv",
                "email,name,role\nalan@uni.edu,\"Alan Turing,student\n".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(broken.body()).contains("Line 2:").contains("closing quote is missing").doesNotContain("Exception");
    }
}
