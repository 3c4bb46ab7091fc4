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

    @Test
    void anInstructorRowOfTheRosterIsClaimedOnlyThroughItsOneTimeLinkNotWithTheInviteCode() {
        TestClient prof = server.signedIn("prof2@uni.edu", Role.INSTRUCTOR);
        String invite = server.platform.accounts().invites().rotate(server.platform.accounts().users().byEmail("prof2@uni.edu").orElseThrow().id());
        prof.get("/instructor/people");
        HttpResponse<String> report = prof.upload("/instructor/roster", "roster", "roster.csv",
                "email,name,role\nturing@uni.edu,Alan Turing,instructor\nlovelace@uni.edu,Ada Lovelace,student\n".getBytes(StandardCharsets.UTF_8));
        assertThat(report.statusCode()).isEqualTo(200);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://[^\"<]+(/claim/[A-Za-z0-9_-]{20,})").matcher(report.body());
        assertThat(link.find()).as(report.body()).isTrue();
        assertThat(java.util.regex.Pattern.compile("/claim/([A-Za-z0-9_-]{20,})").matcher(report.body()).results()
                .map(m -> m.group(1)).distinct()).as("one link, for the instructor row only").hasSize(1);

        TestClient eve = new TestClient(server); // knows the address and the invite code
        eve.get("/signup");
        HttpResponse<String> taken = eve.post("/signup", Map.of("email", "turing@uni.edu", "name", "Eve", "password", "eves-own-password", "invite", invite));
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(taken.body()).contains("link your instructor gave you");
        assertThat(server.platform.accounts().users().passwordHash(server.platform.accounts().users().byEmail("turing@uni.edu").orElseThrow().id())).isEmpty();

        TestClient alan = new TestClient(server);
        HttpResponse<String> page = alan.get(link.group(1));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("turing@uni.edu").contains("Alan Turing");
        HttpResponse<String> claimed = alan.post(link.group(1), Map.of("name", "Alan Turing", "password", "enigma-machine-1940"));
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(302);
        assertThat(alan.get("/instructor/people").statusCode()).as("signed in as the roster's instructor").isEqualTo(200);
        assertThat(new TestClient(server).get(link.group(1)).statusCode()).as("the link works once").isEqualTo(404);

        TestClient ada = new TestClient(server); // a student row is still claimed by signing up with the invite code
        ada.get("/signup");
        assertThat(ada.post("/signup", Map.of("email", "lovelace@uni.edu", "name", "Ada", "password", "analytical-engine", "invite", invite))
                .statusCode()).isEqualTo(302);
    }
}
