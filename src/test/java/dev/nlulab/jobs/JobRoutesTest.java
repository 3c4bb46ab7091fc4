package dev.nlulab.jobs;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs pages over real HTTP. GPU capacity of 1 GiB and 600 MB estimates keep one test-sleep job
 * running and the rest queued, so only two job processes ever start (the other is the SSE test's).
 */
class JobRoutesTest {
    static TestServer server;
    static JobService jobs;
    static User ada, bob;
    static TestClient adaClient, bobClient, prof;
    static Job adaRunning, adaQueued, bobQueued;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("jobs.tick.ms", "200", "gpu.memory.gb", "1",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"), List.of());
        jobs = server.platform.jobs();
        server.user("admin@uni.edu", Role.ADMIN);
        adaClient = server.signedIn("ada@uni.edu", Role.STUDENT);
        bobClient = server.signedIn("bob@uni.edu", Role.STUDENT);
        prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
        ada = server.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow();
        bob = server.platform.accounts().users().byEmail("bob@uni.edu").orElseThrow();
        adaRunning = jobs.submit(sleep(ada, 600));
        waitFor(() -> jobs.find(adaRunning.id()).orElseThrow().state() == JobState.RUNNING);
        adaQueued = jobs.submit(sleep(ada, 600));
        bobQueued = jobs.submit(sleep(bob, 600));
    }

    @AfterAll
    static void stop() {
        for (Job j : jobs.listAll(null, 100)) jobs.cancel(j.id()); // no job process outlives the test
        server.close();
    }

    static JobService.JobRequest sleep(User u, int estimateMb) {
        return new JobService.JobRequest(u.id(), "lab1", "ex1", "test-sleep",
                JobsFixture.spec("{\"seconds\": 120, \"estimate_mb\": " + estimateMb + "}"), Duration.ofMinutes(5));
    }

    static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not met within 60 s");
            Thread.sleep(100);
        }
    }

    @Test
    void studentListsOnlyOwnJobsWithStateAndQueuePosition() {
        HttpResponse<String> r = adaClient.get("/jobs");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("href=\"/jobs/" + adaRunning.id() + "\"", "href=\"/jobs/" + adaQueued.id() + "\"")
                .doesNotContain("href=\"/jobs/" + bobQueued.id() + "\"")
                .contains("pill state-running", "pill state-queued", "in queue", "test-sleep", "lab1")
                .doesNotContain("capacity-chart");
        assertThat(adaClient.get("/").body()).contains("href=\"/jobs\"");
    }

    @Test
    void jobPageShowsStateQueuePositionAndCancelForTheOwner() {
        String body = adaClient.get("/jobs/" + adaQueued.id()).body();
        assertThat(body).contains("Job <span>#" + adaQueued.id(), "Queued", "in the queue", "Cancel job",
                "data-events=\"/jobs/" + adaQueued.id() + "/events\"");
    }

    @Test
    void anotherStudentsJobIsNotFoundLikeAGuessedOne() {
        long id = adaRunning.id();
        for (String path : List.of("/jobs/" + id, "/jobs/" + id + "/artefacts/log.txt", "/jobs/999999", "/jobs/abc",
                "/jobs/999999/artefacts/log.txt")) {
            assertThat(bobClient.get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(sse(bobClient, "/jobs/" + id + "/events").statusCode()).isEqualTo(404);
        assertThat(bobClient.post("/jobs/" + id + "/cancel", Map.of()).statusCode()).isEqualTo(404);
        assertThat(jobs.find(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        // the same answer as for a job that does not exist: nothing tells the two apart
        assertThat(bobClient.get("/jobs/" + id).body().replace("There is no job " + id + ".", "There is no job N."))
                .isEqualTo(bobClient.get("/jobs/999999").body().replace("There is no job 999999.", "There is no job N."));
    }

    @Test
    void instructorSeesEveryJobWithOwnersFilterAndChart() {
        HttpResponse<String> r = prof.get("/jobs");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("href=\"/jobs/" + adaRunning.id() + "\"", "href=\"/jobs/" + bobQueued.id() + "\"",
                ">ada<", ">bob<", "id=\"capacity-chart\"", "GiB of GPU memory", "name=\"state\"", ">Cancel<");
        String running = prof.get("/jobs?state=running").body();
        assertThat(running).contains("href=\"/jobs/" + adaRunning.id() + "\"").doesNotContain("href=\"/jobs/" + bobQueued.id() + "\"");
        assertThat(running).as("the filter shows what it filters by").contains("<option value=\"RUNNING\" selected=\"selected\">RUNNING</option>")
                .contains("<option value=\"\">all</option>");
        assertThat(r.body()).contains("<option value=\"\" selected=\"selected\">all</option>");
        assertThat(prof.get("/jobs?state=sleeping").statusCode()).isEqualTo(400);
        assertThat(prof.get("/jobs/" + bobQueued.id()).statusCode()).isEqualTo(200);
    }

    @Test
    void ownerAndInstructorCanCancelAndCancelledJobsLeaveTheQueue() throws Exception {
        Job mine = jobs.submit(sleep(bob, 600));
        adaClient.get("/jobs"); // any page gives the client its CSRF token
        HttpResponse<String> r = bobClient.post("/jobs/" + mine.id() + "/cancel", Map.of());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains("/jobs/" + mine.id());
        assertThat(jobs.find(mine.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);

        Job other = jobs.submit(sleep(bob, 600));
        prof.get("/jobs");
        r = prof.post("/jobs/" + other.id() + "/cancel", Map.of("from", "list"));
        assertThat(r.headers().firstValue("Location")).contains("/jobs");
        assertThat(jobs.find(other.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(bobClient.get("/jobs/" + other.id()).body()).contains("Cancelled").doesNotContain("Cancel job");
        assertThat(bobClient.postRaw("/jobs/" + bobQueued.id() + "/cancel", Map.of()).statusCode())
                .as("without the CSRF token").isEqualTo(403);
    }

    @Test
    void artefactsDownloadOnlyFilesOfTheJobFolder() throws Exception {
        Path dir = jobs.jobDir(adaQueued.id());
        Files.writeString(dir.resolve(JobFiles.PREDICTIONS), "{\"id\":\"a\",\"prediction\":\"7\"}\n");
        Files.createDirectories(dir.resolve("artefacts"));
        Files.write(dir.resolve("artefacts/adapter.bin"), new byte[]{1, 2, 3});
        Path secret = dir.getParent().resolve("answer-key.txt");
        Files.writeString(secret, "SECRET-ANSWER-KEY");
        Files.createSymbolicLink(dir.resolve("artefacts/key.txt"), secret);

        HttpResponse<String> p = adaClient.get("/jobs/" + adaQueued.id() + "/artefacts/predictions.jsonl");
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.body()).contains("\"prediction\":\"7\"");
        assertThat(p.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        assertThat(p.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"predictions.jsonl\"");
        HttpResponse<String> a = prof.get("/jobs/" + adaQueued.id() + "/artefacts/adapter.bin");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(adaClient.get("/jobs/" + adaQueued.id()).body()).contains("predictions.jsonl", "adapter.bin").doesNotContain("key.txt");

        String base = "/jobs/" + adaQueued.id() + "/artefacts/";
        for (String name : List.of("..%2Fanswer-key.txt", "%2e%2e%2Fanswer-key.txt", "..", "%2Fetc%2Fpasswd", "key.txt",
                "spec.json", "artefacts%2Fadapter.bin", ".hidden", "..%5Canswer-key.txt")) {
            HttpResponse<String> r = adaClient.get(base + name);
            assertThat(r.statusCode()).as(name).isIn(400, 404);
            assertThat(r.body()).as(name).doesNotContain("SECRET-ANSWER-KEY");
        }
        assertThat(JobArtefacts.find(dir, "../answer-key.txt")).isEmpty();
        assertThat(JobArtefacts.find(dir, secret.toString())).isEmpty();
        assertThat(JobArtefacts.find(dir, "key.txt")).as("a link out of the folder").isEmpty();
    }

    @Test
    void aLargeArtefactArrivesWholeWithAndWithoutGzip() throws Exception {
        Path dir = jobs.jobDir(adaQueued.id());
        Files.createDirectories(dir.resolve("artefacts"));
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; text.length() < 3_000_000; i++) text.append("{\"step\": ").append(i).append(", \"loss\": ").append(random.nextDouble()).append("}\n");
        byte[] metrics = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] weights = new byte[2_000_000];
        random.nextBytes(weights);
        Files.write(dir.resolve("artefacts/eval-metrics.jsonl"), metrics);
        Files.write(dir.resolve("artefacts/adapter.safetensors"), weights);

        for (String encoding : List.of("gzip", "identity")) {
            for (Map.Entry<String, byte[]> file : Map.of("eval-metrics.jsonl", metrics, "adapter.safetensors", weights).entrySet()) {
                HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url("/jobs/" + adaQueued.id() + "/artefacts/" + file.getKey())))
                        .header("Cookie", "nlulab_session=" + adaClient.cookie("nlulab_session")).header("Accept-Encoding", encoding).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                String what = file.getKey() + " with Accept-Encoding: " + encoding;
                assertThat(r.statusCode()).as(what).isEqualTo(200);
                boolean gzipped = r.headers().firstValue("Content-Encoding").orElse("").equals("gzip");
                if (gzipped) assertThat(encoding).as(what).isEqualTo("gzip");
                if (encoding.equals("gzip") && file.getKey().endsWith(".jsonl")) assertThat(gzipped).as(what + ": the case under test").isTrue();
                r.headers().firstValueAsLong("Content-Length").ifPresent(n -> assertThat(n).as(what + ": Content-Length").isEqualTo(r.body().length));
                byte[] body = gzipped ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes() : r.body();
                assertThat(body).as(what).isEqualTo(file.getValue());
            }
        }
    }

    @Test
    void eventStreamFollowsAJobToItsEndAndCloses() throws Exception {
        TestClient carol = server.signedIn("carol@uni.edu", Role.STUDENT);
        User c = server.platform.accounts().users().byEmail("carol@uni.edu").orElseThrow();
        Job job = jobs.submit(new JobService.JobRequest(c.id(), "lab1", "ex1", "test-steps",
                JobsFixture.spec("{\"steps\": 40}"), Duration.ofMinutes(5)));
        long t0 = System.nanoTime();
        HttpResponse<String> r = sse(carol, "/jobs/" + job.id() + "/events"); // returns once the server closes the stream
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Event> events = parse(r.body());
        assertThat(events).extracting(Event::name).contains("update").last().isEqualTo("done");
        assertThat(events.subList(0, events.size() - 1)).extracting(Event::name).containsOnly("update");
        var json = JobFiles.JSON;
        var done = json.readTree(events.get(events.size() - 1).data());
        assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        List<Long> steps = new ArrayList<>();
        for (Event e : events) json.readTree(e.data()).get("metrics").forEach(p -> steps.add(p.get("step").asLong()));
        assertThat(steps).as("every metric point once, in order").isEqualTo(
                java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(done.get("artefacts").findValuesAsText("name")).contains("metrics.jsonl", "predictions.jsonl", "log.txt");
        assertThat(seconds).as("stream time").isLessThan(60);

        // a finished job's stream sends everything at once and closes
        List<Event> again = parse(sse(carol, "/jobs/" + job.id() + "/events").body());
        assertThat(again).hasSize(1);
        assertThat(json.readTree(again.get(0).data()).get("metrics")).hasSize(40);
    }

    record Event(String name, String data) {}

    static List<Event> parse(String stream) {
        List<Event> out = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            String name = null;
            List<String> data = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) name = line.substring(6).trim();
                if (line.startsWith("data:")) data.add(line.substring(5).stripLeading());
            }
            if (name != null) out.add(new Event(name, data.stream().collect(Collectors.joining("\n"))));
        }
        return out;
    }

    /** Reads a whole event stream with the JDK client, with the session cookie of {@code as}. */
    static HttpResponse<String> sse(TestClient as, String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(90))
                .header("Accept", "text/event-stream")
                .header("Cookie", "nlulab_session=" + as.cookie("nlulab_session")).GET().build();
        try {
            return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
