package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.accounts.Role;
import dev.nlulab.accounts.User;
import dev.nlulab.grader.SubmissionView;
import dev.nlulab.grader.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobState;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The QA-LoRA lab through the whole platform on a tiny base: a bad form costs nothing and says which field;
 * a good one queues a fine-tuning job that the scheduler runs in a child JVM; the job trains, saves the
 * adapter, merges, answers the test questions, and the grader puts its score on the leaderboard.
 */
class QaLoraJobEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> form(String... overrides) {
        Map<String, String> f = new LinkedHashMap<>(Map.of("base", "tiny", "method", "qalora", "bits", "4", "group_size", "16",
                "rank", "2", "lr", "0.01", "warmup", "2", "steps", "12", "batch_size", "8", "eval_every", "4"));
        for (int i = 0; i < overrides.length; i += 2) f.put(overrides[i], overrides[i + 1]);
        return f;
    }

    @Test
    void aStudentsQaLoraJobTrainsMergesAndIsScoredOnTheLeaderboard() throws Exception {
        QaLoraCourse course = new QaLoraCourse();
        try (TestServer server = TestServer.start(Map.of("course.dir", course.course.toString(), "jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            TestClient ada = server.signedIn("ada@uni.edu", Role.STUDENT);
            TestClient bob = server.signedIn("bob@uni.edu", Role.STUDENT);
            TestClient prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
            User adaUser = server.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow();
            Viewer adaViewer = Viewer.student(adaUser.id());
            assertThat(ada.get("/labs/qalora").body()).contains("QA-LoRA (tiny)").contains("name=\"group_size\"").contains("name=\"method\"");

            // refused before queueing, on the field: by the form's schema (the step budget) and by the kind (the base's shape)
            String overBudget = ada.post("/labs/qalora/compete/jobs", form("steps", "41")).body();
            assertThat(overBudget).contains("must be at most 40, was 41");
            String badGroup = ada.post("/labs/qalora/compete/jobs", form("group_size", "24")).body();
            assertThat(badGroup).contains("24 does not divide the input width 32");
            String badRank = ada.post("/labs/qalora/compete/jobs", form("rank", "3")).body();
            assertThat(badRank).contains("3 is larger than the pooled width 2 of q_proj");
            assertThat(server.platform.jobs().listOwn(adaUser.id(), 10)).as("nothing queued").isEmpty();
            assertThat(server.platform.submissions().history(adaViewer, "qalora", "compete")).as("no attempt used").isEmpty();

            HttpResponse<String> r = ada.post("/labs/qalora/compete/jobs", form());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            SubmissionView s = waitUntilNotPending(server, adaViewer);
            Job job = server.platform.jobs().find(s.jobId()).orElseThrow();
            String log = server.platform.jobs().logTail(job.id(), 60);
            assertThat(job.state()).as(log).isEqualTo(JobState.SUCCEEDED);
            assertThat(s.status()).as(s.message()).isEqualTo("GRADED");
            assertThat(s.publicScore()).isBetween(0.0, 1.0);
            assertThat(log).contains("QA-LoRA INT4 g16: rank 2").contains("step 12/12").contains("max |logit difference|")
                    .contains("answered the 20 test questions with the merged model");

            Path dir = server.platform.jobs().jobDir(job.id());
            List<String> predictions = Files.readAllLines(dir.resolve("predictions.jsonl"));
            assertThat(predictions).hasSize(2 * QaLoraCourse.TEST);
            List<JsonNode> metrics = Files.readAllLines(dir.resolve("metrics.jsonl")).stream().map(QaLoraJobEndToEndTest::json).toList();
            assertThat(metrics).hasSize(12).allSatisfy(m -> assertThat(m.has("loss") && m.has("lr") && m.has("tokens_per_s") && m.has("rss_bytes")).isTrue());
            assertThat(metrics).filteredOn(m -> m.has("eval_loss")).extracting(m -> m.get("step").asInt()).containsExactly(4, 8, 12);

            // the report and the artefacts: the owner and instructors download them, another student cannot
            String page = ada.get("/jobs/" + job.id()).body();
            assertThat(page).contains("adapter_config.json").contains("adapter_model.safetensors").contains("model.safetensors").contains("report.json");
            assertThat(page).contains("<h2>Report</h2>").contains("QA-LoRA INT4 g16").containsPattern("max \\|logit difference\\| \\d\\.\\d\\de-\\d\\d on 8 dev prompts: exact")
                    .contains("Dev accuracy after merging");
            JsonNode report = json(ada.get("/jobs/" + job.id() + "/artefacts/report.json").body());
            assertThat(report.path("method").asText()).isEqualTo("qalora");
            assertThat(report.path("merge_check").path("max_abs_logit_difference").asDouble()).isLessThan(1e-4);
            assertThat(report.path("after_merge").path("items").asInt()).isEqualTo(2 * QaLoraCourse.DEV);
            assertThat(json(ada.get("/jobs/" + job.id() + "/artefacts/adapter_config.json").body()).path("group_size").asInt()).isEqualTo(16);
            assertThat(prof.get("/jobs/" + job.id() + "/artefacts/model.safetensors").statusCode()).isEqualTo(200);
            assertThat(bob.get("/jobs/" + job.id() + "/artefacts/report.json").statusCode()).isEqualTo(404);
            assertThat(bob.get("/jobs/" + job.id()).statusCode()).isEqualTo(404);

            String board = ada.get("/labs/qalora/compete/leaderboard").body();
            assertThat(board).contains(String.format(java.util.Locale.ROOT, "%.4f", s.publicScore()));
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static SubmissionView waitUntilNotPending(TestServer server, Viewer viewer) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        SubmissionView s = null;
        while (System.nanoTime() < end) {
            s = server.platform.submissions().history(viewer, "qalora", "compete").get(0);
            if (!s.status().equals("PENDING")) break;
            Thread.sleep(250);
        }
        return s;
    }
}
