package dev.nlulab.labs.metacot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.grader.SubmissionStatus;
import dev.nlulab.grader.SubmissionView;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobState;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same prompting job against an external OpenAI-compatible server: a second platform serves the course model at
 * /v1 behind an API key; this platform's LLM setting points at it, and a Meta-CoT job queued with backend "server"
 * runs in its own process through that server. Greedy, it writes what the in-process course model writes, question
 * for question; a server that cannot be reached ends the job with a recorded reason.
 */
class ExternalServerJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Meta-CoT in a tiny setting: one demonstration per scenario, short reasoning, one dev question per data set. */
    private static final Map<String, String> TINY = Map.of("method", "meta-cot", "identification", "centroid", "k", "1",
            "max_tokens", "40", "dev_per_family", "1");

    @Test
    void aJobThroughThePlatformsOwnV1AnswersAsTheInProcessModel(@TempDir Path dir) throws Exception {
        Path courseModel = Path.of("models/course-model").toAbsolutePath();
        try (TestServer department = TestServer.start(Map.of("model.dir", courseModel.toString()), List.of())) {
            department.user("root@dept.edu", Role.ADMIN);
            String key = department.signedIn("lab@dept.edu", Role.STUDENT).apiKey("nlu lab");
            Map<String, String> settings = new HashMap<>(Map.of("course.dir", MiniLab.create(dir).toString(), "jobs.tick.ms", "200",
                    "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", "llm.backend", "http",
                    "llm.http.url", department.url("/v1"), "llm.http.key", key, "llm.http.model", "course-model",
                    "llm.http.cache", "off"));
            try (TestServer here = TestServer.start(settings, List.of())) {
                here.user("first@uni.edu", Role.ADMIN);
                TestClient c = here.signedIn("ada@uni.edu", Role.STUDENT);
                User ada = here.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow();

                dev.nlulab.accounts.ApiKeys keys = new dev.nlulab.accounts.ApiKeys(department.platform.db().jdbi(), java.time.Clock.systemUTC());
                long labUser = department.platform.accounts().users().byEmail("lab@dept.edu").orElseThrow().id();
                Job local = runStudy(here, c, ada, with("backend", "course"));
                assertThat(keys.of(labUser).get(0).lastUsedAt()).as("the course backend runs in the job").isNull();
                Job remote = runStudy(here, c, ada, with("backend", "server"));
                assertThat(keys.of(labUser).get(0).lastUsedAt()).as("the server backend asked the department's /v1 with the key").isNotNull();
                assertThat(here.platform.jobs().logTail(remote.id(), 40)).contains("meta-cot on course-model (centroid identification)");

                assertThat(c.get("/jobs/" + remote.id() + "/artefacts/" + "predictions.jsonl").body())
                        .isEqualTo(c.get("/jobs/" + local.id() + "/artefacts/" + "predictions.jsonl").body());
                JsonNode a = JSON.readTree(c.get("/jobs/" + local.id() + "/artefacts/report.json").body());
                JsonNode b = JSON.readTree(c.get("/jobs/" + remote.id() + "/artefacts/report.json").body());
                assertThat(b.path("model").asText()).isEqualTo(a.path("model").asText());
                assertThat(b.path("accuracy")).isEqualTo(a.path("accuracy"));
                assertThat(b.path("demonstrations")).as("the same pool reasoning, so the same demonstrations").isEqualTo(a.path("demonstrations"));
                assertThat(b.path("usage").path("calls")).isEqualTo(a.path("usage").path("calls"));
                // question for question: the same prompts and completions (token counts come from the server here)
                List<String> qa = c.get("/jobs/" + local.id() + "/artefacts/questions.jsonl").body().lines().toList();
                List<String> qb = c.get("/jobs/" + remote.id() + "/artefacts/questions.jsonl").body().lines().toList();
                assertThat(qb).hasSameSizeAs(qa).hasSize(24);
                for (int i = 0; i < qa.size(); i++) {
                    JsonNode x = JSON.readTree(qa.get(i)), y = JSON.readTree(qb.get(i));
                    assertThat(y.path("answer")).as("question %s", x.path("id")).isEqualTo(x.path("answer"));
                    for (int k = 0; k < x.path("calls").size(); k++) {
                        assertThat(y.path("calls").get(k).path("prompt")).isEqualTo(x.path("calls").get(k).path("prompt"));
                        assertThat(y.path("calls").get(k).path("completion")).as("question %s call %d", x.path("id"), k)
                                .isEqualTo(x.path("calls").get(k).path("completion"));
                    }
                }
            }
        }
    }

    @Test
    void aServerThatCannotBeReachedEndsTheJobWithItsReason(@TempDir Path dir) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (TestServer here = TestServer.start(Map.of("course.dir", MiniLab.create(dir).toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            here.user("first@uni.edu", Role.ADMIN);
            TestClient c = here.signedIn("ada@uni.edu", Role.STUDENT);
            User ada = here.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow();
            HttpResponse<String> refused = c.post("/labs/metacot/study/jobs", Map.of("backend", "http://127.0.0.1:" + closed + "/v1"));
            assertThat(refused.statusCode()).as("no model named: refused before queueing").isEqualTo(422);
            assertThat(refused.body()).contains("name the server&#39;s model");

            HttpResponse<String> r = c.post("/labs/metacot/study/jobs", Map.of("method", "zero-shot", "backend",
                    "http://127.0.0.1:" + closed + "/v1", "model", "course-model", "dev_per_family", "1"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            SubmissionView s = waitUntilNotPending(here, Viewer.student(ada.id()), 1);
            Job job = here.platform.jobs().find(s.jobId()).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.FAILED);
            assertThat(s.status()).isNotEqualTo(SubmissionStatus.GRADED);
            assertThat(job.exitReason()).as("the job's recorded reason").contains("the LLM server at http://127.0.0.1:" + closed + "/v1")
                    .contains("could not be reached (connection refused)");
            assertThat(c.get("/labs/metacot").statusCode()).as("the platform goes on").isEqualTo(200);
        }
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = new HashMap<>(TINY);
        m.put(key, value);
        return m;
    }

    private static Job runStudy(TestServer server, TestClient c, User user, Map<String, String> form) throws InterruptedException {
        int before = server.platform.submissions().history(Viewer.student(user.id()), "metacot", "study").size();
        HttpResponse<String> r = c.post("/labs/metacot/study/jobs", form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        SubmissionView s = waitUntilNotPending(server, Viewer.student(user.id()), before + 1);
        Job job = server.platform.jobs().find(s.jobId()).orElseThrow();
        assertThat(s.status()).as(s.message() + "\n" + server.platform.jobs().logTail(job.id(), 40)).isEqualTo(SubmissionStatus.GRADED);
        return job;
    }

    /** The newest of {@code count} submissions once it is no longer pending. */
    private static SubmissionView waitUntilNotPending(TestServer server, Viewer viewer, int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        SubmissionView s = null;
        while (System.nanoTime() < end) {
            List<SubmissionView> all = server.platform.submissions().history(viewer, "metacot", "study");
            if (all.size() >= count) {
                s = all.stream().max(java.util.Comparator.comparingLong(SubmissionView::id)).orElseThrow();
                if (s.status() != SubmissionStatus.PENDING) break;
            }
            Thread.sleep(250);
        }
        return s;
    }
}
