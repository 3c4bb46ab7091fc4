package dev.nlulab.web;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SetupFlowTest {
    @Test
    void nothingIsExposedBeforeTheFirstInstructorIsCreatedThroughTheOneTimeLink() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        TestServer server;
        System.setOut(new java.io.PrintStream(out, true));
        try {
            server = TestServer.start(Map.of(), List.of());
        } finally {
            System.setOut(old);
        }
        try (server) {
            String console = out.toString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/setup/([A-Za-z0-9_-]+)").matcher(console);
            assertThat(m.find()).as("the console shows a set-up link").isTrue();
            String token = m.group(1);

            TestClient c = new TestClient(server);
            assertThat(c.get("/login").statusCode()).isEqualTo(503);
            assertThat(c.get("/signup").body()).contains("not set up yet");
            assertThat(c.get("/setup/wrong-token").statusCode()).isEqualTo(404);

            assertThat(c.get("/setup/" + token).statusCode()).isEqualTo(200);
            HttpResponse<String> weak = c.post("/setup/" + token, Map.of("email", "prof@uni.edu", "name", "Prof", "password", "short"));
            assertThat(weak.statusCode()).isEqualTo(422);
            assertThat(weak.body()).contains("at least 10 characters");

            HttpResponse<String> ok = c.post("/setup/" + token, Map.of("email", "prof@uni.edu", "name", "Prof", "password", TestServer.PASSWORD));
            assertThat(ok.statusCode()).isEqualTo(302);
            assertThat(ok.headers().firstValue("Location")).contains("/instructor/people");
            String people = c.get("/instructor/people").body();
            assertThat(people).containsPattern("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");

            // the link is spent
            assertThat(new TestClient(server).get("/setup/" + token).statusCode()).isEqualTo(404);
        }
    }
}
