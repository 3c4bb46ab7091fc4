package dev.nlulab.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobState;
import dev.nlulab.labs.reversedictionary.Bm25JobKind;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reverse-dictionary lab's job exercise through the whole platform: the form queues a BM25 job, the
 * scheduler runs it in a child JVM over the lab's public data, and the finished-listener grades it.
 */
class Bm25JobEndToEndTest {
    @Test
    void aStudentsJobRunsInItsOwnJvmAndIsGradedOnTheRealLab() throws Exception {
        try (TestServer server = TestServer.start(Map.of("jobs.tick.ms", "200",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            TestClient c = server.signedIn("ada@uni.edu", Role.STUDENT);
            User ada = server.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow();
            String page = c.get("/labs/reverse-dictionary").body();
            assertThat(page).contains("<table class=\"data\">").contains("Exercise 2: tune the baseline as a job")
                    .contains("name=\"k1\"").contains("name=\"other_senses\"").contains("href=\"/labs/reverse-dictionary/data/test.jsonl\"");
            HttpResponse<String> r = c.post("/labs/reverse-dictionary/bm25/jobs", Map.of("k1", "1.2", "b", "0.75", "examples", "true",
                    "hypernyms", "true", "other_senses", "true", "dev", "false"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            assertThat(c.get(r.headers().firstValue("Location").orElseThrow()).body())
                    .contains("is queued; it is graded when it ends").containsPattern("href=\"/jobs/\\d+\"");

            SubmissionView s = waitUntilNotPending(server, Viewer.student(ada.id()));
            Job job = server.platform.jobs().find(s.jobId()).orElseThrow();
            assertThat(s.status()).as(s.message() + "\n" + server.platform.jobs().logTail(job.id(), 30)).isEqualTo(SubmissionStatus.GRADED);
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.gradedAt()).isNotNull();
            // BM25 over train alone scores about 0.2 MRR@10 on the public half (the README's baseline: 0.21 with dev)
            assertThat(s.publicScore()).isBetween(0.15, 0.30);
            assertThat(server.platform.jobs().logTail(job.id(), 20)).contains("BM25 k1=1.20 b=0.75").contains("wrote the top 10 words for 2000 queries");
            assertThat(c.get("/labs/reverse-dictionary").body()).contains(String.format(java.util.Locale.ROOT, "%.4f", s.publicScore()));
            // Success@5, which the lab promises beside MRR@10, is there too: higher than MRR@10, at most 1
            assertThat(s.reported()).extracting(SubmissionView.Reported::metric).containsExactly("success@5");
            double success5 = s.reported().get(0).publicScore();
            assertThat(success5).isGreaterThan(s.publicScore()).isLessThanOrEqualTo(1.0);
            String shown = String.format(java.util.Locale.ROOT, "%.4f", success5);
            assertThat(c.get("/labs/reverse-dictionary").body()).contains("success@5 " + shown);
            assertThat(c.get("/labs/reverse-dictionary/bm25/leaderboard").body()).contains(">success@5</th>").contains("<td class=\"num\">" + shown + "</td>");
        }
    }

    @Test
    void aJobThatCannotStartCostsNothingAndTellsTheStudentPlainlyAndTheInstructorWhy() throws Exception {
        // every job process refuses to start (a JVM option this java does not know): the platform's fault
        try (TestServer server = TestServer.start(Map.of("jobs.tick.ms", "200", "jobs.jvm.options", "-XX:+NoSuchNluLabOption"), List.of())) {
            server.user("first@uni.edu", Role.ADMIN);
            TestClient c = server.signedIn("ada@uni.edu", Role.STUDENT);
            TestClient prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
            User ada = server.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow();
            c.get("/labs/reverse-dictionary");
            c.post("/labs/reverse-dictionary/bm25/jobs", Map.of("k1", "1.2", "b", "0.75", "examples", "true",
                    "hypernyms", "true", "other_senses", "true", "dev", "false"));
            SubmissionView s = waitUntilNotPending(server, Viewer.student(ada.id()));
            Job job = server.platform.jobs().find(s.jobId()).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.FAILED);
            assertThat(job.infraFailure()).as(job.exitReason()).isTrue();
            assertThat(job.chargeable()).as("no job quota used").isFalse();
            assertThat(job.exitReason()).contains("NoSuchNluLabOption");

            assertThat(s.status()).isEqualTo(SubmissionStatus.NOT_GRADABLE);
            assertThat(s.message()).contains("could not run because of a problem on NLU Lab's side").contains("no attempt")
                    .doesNotContain("NoSuchNluLabOption").doesNotContain("exited with code");
            String lab = c.get("/labs/reverse-dictionary").body();
            assertThat(lab).containsPattern("class=\"left-today\">5<").doesNotContain("NoSuchNluLabOption");
            String page = c.get("/jobs/" + job.id()).body();
            assertThat(page).contains("It used none of your submissions or job quota").doesNotContain("NoSuchNluLabOption");
            String events = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/jobs/" + job.id() + "/events")))
                    .header("Accept", "text/event-stream").build()).body();
            assertThat(events).contains("event: done").contains("It used none of your submissions").doesNotContain("NoSuchNluLabOption");
            assertThat(c.get("/jobs/" + job.id() + "/artefacts/log.txt").statusCode()).isEqualTo(404);
            assertThat(prof.get("/jobs/" + job.id()).body()).contains("NoSuchNluLabOption").contains("could not start the job");
            assertThat(prof.get("/jobs/" + job.id() + "/artefacts/log.txt").body()).contains("NoSuchNluLabOption");
        }
    }

    private static SubmissionView waitUntilNotPending(TestServer server, Viewer viewer) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        SubmissionView s = null;
        while (System.nanoTime() < end) {
            s = server.platform.submissions().history(viewer, "reverse-dictionary", "bm25").get(0);
            if (s.status() != SubmissionStatus.PENDING) break;
            Thread.sleep(200);
        }
        return s;
    }

    @Test
    void theKindChecksItsSpecFieldByField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Bm25JobKind kind = new Bm25JobKind();
        assertThat(kind.validate(json.readTree("{\"k1\": 1.2, \"b\": 0.75, \"dev\": true}"), null).isOk()).isTrue();
        assertThat(kind.validate(json.readTree("{\"k1\": 4, \"b\": \"x\", \"dev\": 1, \"depth\": 3}"), null).problems())
                .extracting(p -> p.field()).containsExactly("spec.k1", "spec.b", "spec.dev", "spec.depth");
    }
}
