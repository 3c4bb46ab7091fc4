package dev.nlulab.web;

import dev.nlulab.cli.Platform;
import dev.nlulab.cli.RushLab;
import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.jobs.JobState;
import dev.nlulab.jobs.TestKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs running while their data disk (a tmpfs of its own, the database on another disk) is filled to the last byte:
 * a job that writes ends failed, saying the disk is full in words a student reads, on the platform's account (no
 * quota, no attempt), its partial outputs not graded; a job that writes nothing goes on and succeeds; pages are still
 * served; once space is freed a new job runs. A job the disk fills under while no server runs is found failed with
 * the same reason by the restarted server.
 */
class FullDiskJobTest {
    /** A job exercise whose test-steps job writes metrics, progress and a prediction every {@code step_ms}. */
    static final String STEPS_EXERCISE = """
              - id: steps
                title: Steps
                kind: job
                job:
                  kind: test-steps
                  parameters:
                    steps: {type: int, min: 1, max: 1000000, default: 10, description: "how many steps"}
                    step_ms: {type: int, min: 0, max: 1000, default: 0, description: "how long a step takes"}
                metric: accuracy
                points: 1
                daily_limit: 20
                total_limit: 50
            """;
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @TempDir
    Path tmp;

    @Test
    void aJobTheDiskFillsUnderFailsSayingSoAndEverythingElseGoesOn() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (TmpfsDisk disk = TmpfsDisk.mount(data, "16m")) {
            RushLab lab = new RushLab("disk", 10, 10, TestKinds.SLEEP_EXERCISE + STEPS_EXERCISE);
            Map<String, String> settings = FullDiskTest.settings(tmp, data, lab,
                    Map.of("jobs.tick.ms", "100", "jobs.max.running.per.student", "3", "cpu.slots", "3"));
            // a minute of writing at most: a job left behind by a failed run ends by itself
            Map<String, String> writes = Map.of("steps", "3000", "step_ms", "20");
            long writer;
            long orphan;
            try (Platform platform = Platform.start(Settings.of(settings))) {
                platform.accounts().createUser("ada@uni.edu", "ada", TestServer.PASSWORD, Role.STUDENT);
                TestClient ada = new TestClient(p -> "http://localhost:" + platform.web().port() + p);
                ada.signIn("ada@uni.edu", TestServer.PASSWORD);
                ada.get("/labs/disk");
                writer = start(ada, platform, "steps", writes);
                long sleeper = start(ada, platform, "sleep", Map.of("seconds", "5"));
                await(() -> "both jobs at work: " + platform.jobs().listAll(null, 10), () -> Files.exists(jobDir(platform, writer).resolve(JobFiles.METRICS))
                        && Files.exists(jobDir(platform, sleeper).resolve("runs.txt")));

                disk.fill();
                assertThat(platform.jobs().find(sleeper).orElseThrow().state()).as("the sleeper, as the disk fills").isEqualTo(JobState.RUNNING);
                Job failed = ended(platform, writer);
                assertThat(failed.state()).as(failed.exitReason()).isEqualTo(JobState.FAILED);
                assertThat(failed.infraFailure()).as("a full disk is the platform's failure (no quota)").isTrue();
                assertThat(failed.exitReason()).contains("disk is full", "none of your submissions or job quota");
                String page = ada.get("/jobs/" + writer).body();
                assertThat(page).as("the student's job page").contains("disk is full").doesNotContain("\tat ", "could not run");
                await("the writer's submission graded", () -> !"PENDING".equals(status(platform, writer)));
                assertThat(status(platform, writer)).as("no attempt used").isEqualTo("NOT_GRADABLE");
                assertThat(ada.get("/labs/disk").body()).as("the student's lab page, where the submission says why")
                        .contains("The server&#39;s disk is full").doesNotContain("could not run");
                assertThat(ada.get("/lessons/representations/01-tokenization").statusCode()).as("a lesson on a full disk").isEqualTo(200);
                assertThat(ada.get("/jobs").statusCode()).as("the jobs page on a full disk").isEqualTo(200);
                assertThat(ada.get("/labs/disk").statusCode()).as("the lab page on a full disk").isEqualTo(200);
                Job slept = ended(platform, sleeper);
                assertThat(slept.state()).as("a job that writes nothing, on a full disk: %s", slept.exitReason()).isEqualTo(JobState.SUCCEEDED);
                assertThat(leftovers(data)).as("half-written files on the full disk").isEmpty();

                disk.free();
                long later = start(ada, platform, "sleep", Map.of("seconds", "0"));
                assertThat(ended(platform, later).state()).as("a job once there is room").isEqualTo(JobState.SUCCEEDED);

                orphan = start(ada, platform, "steps", writes);
                await("the last job at work", () -> Files.exists(jobDir(platform, orphan).resolve(JobFiles.METRICS)));
            } // the server stops; the job goes on, and the disk fills under it
            disk.fill();
            Path orphanDir = data.resolve("jobs").resolve(Long.toString(orphan));
            await("the job process's ending", () -> Files.exists(orphanDir.resolve(JobFiles.RESULT)));
            disk.free(); // a server does not start on a full data folder (ReadOnlyDataFolderTest)

            try (Platform again = Platform.start(Settings.of(settings))) {
                Job found = ended(again, orphan);
                assertThat(found.state()).isEqualTo(JobState.FAILED);
                assertThat(found.infraFailure()).isTrue();
                assertThat(found.exitReason()).as("found by the restarted server").contains("disk is full");
                assertThat(again.jobs().find(writer).orElseThrow().exitReason()).as("after the restart").contains("disk is full");
                List<String> graded = again.db().jdbi().withHandle(h -> h.createQuery(
                        "SELECT status FROM submissions WHERE exercise_id = 'steps' ORDER BY id").mapTo(String.class).list());
                assertThat(graded).as("the partial outputs are not graded").containsExactly("NOT_GRADABLE", "NOT_GRADABLE");
            }
        }
    }

    /** Starts a job from the exercise's form and returns its id. */
    private static long start(TestClient client, Platform platform, String exercise, Map<String, String> form) {
        HttpResponse<String> r = client.post("/labs/disk/" + exercise + "/jobs", form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return platform.jobs().listAll(null, 50).stream().filter(j -> j.exerciseId().equals(exercise))
                .max(Comparator.comparingLong(Job::id)).orElseThrow().id();
    }

    /** The status of the submission a job grades. */
    private static String status(Platform platform, long jobId) {
        return platform.db().jdbi().withHandle(h -> h.createQuery("SELECT status FROM submissions WHERE job_id = :j")
                .bind("j", jobId).mapTo(String.class).one());
    }

    private static Path jobDir(Platform platform, long id) {
        return platform.jobs().jobDir(id);
    }

    private static Job ended(Platform platform, long id) throws InterruptedException {
        await("job " + id + " ended", () -> platform.jobs().find(id).orElseThrow().state().isFinal());
        return platform.jobs().find(id).orElseThrow();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        await(() -> what, done);
    }

    private static void await(java.util.function.Supplier<String> what, BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plus(PATIENCE);
        while (!done.getAsBoolean()) {
            if (!Instant.now().isBefore(until)) throw new AssertionError("waited " + PATIENCE + " for " + what.get());
            Thread.sleep(50);
        }
    }

    /** The temporary files of writes that did not finish (a .tmp is renamed into place only once whole). */
    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
