package dev.nlulab.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.jobs.JobService;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' page: Prometheus text with request latencies by route and the queues, for admins only. */
class OperatorMetricsTest {
    @Test
    void adminsScrapeLatenciesByRouteAndTheQueuesOthersCannot() throws Exception {
        try (TestServer server = TestServer.start(Map.of("jobs.tick.ms", "3600000"), List.of())) { // jobs stay queued
            TestClient admin = server.signedIn("root@uni.edu", Role.ADMIN);
            TestClient ada = server.signedIn("ada@uni.edu", Role.STUDENT);
            long adaId = server.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow().id();
            for (int i = 0; i < 2; i++) {
                server.platform.jobs().submit(new JobService.JobRequest(adaId, "lab", "ex", "test-sleep",
                        new ObjectMapper().readTree("{\"seconds\": 1}"), null));
            }
            ada.get("/jobs/12345");

            HttpResponse<String> r = admin.get("/admin/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(r.body())
                    .contains("nlulab_http_request_duration_seconds_count{method=\"GET\",route=\"/jobs/{id}\",status=\"4xx\"} 1")
                    .contains("route=\"/login\"")
                    .doesNotContain("/jobs/12345") // a route template, not one series per id
                    .contains("nlulab_jobs{state=\"QUEUED\"} 2.0")
                    .contains("nlulab_jobs{state=\"RUNNING\"} 0.0")
                    .contains("nlulab_submissions_pending{kind=\"predictions\"} 0.0")
                    .contains("nlulab_model_requests_in_line 0.0");

            assertThat(ada.get("/admin/metrics").statusCode()).as("a student").isEqualTo(403);
            assertThat(new TestClient(server).get("/admin/metrics").statusCode()).as("no one signed in").isIn(302, 401);
        }
    }
}
