package dev.nlulab.jobs;

import dev.nlulab.identity.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.nlulab.jobs.JobsFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue with the local executor: real job processes, H2, a hand-moved clock. */
class JobServiceTest {
    static final Duration WAIT = Duration.ofSeconds(40);
    final List<AutoCloseable> open = new ArrayList<>();

    JobsFixture fixture(Map<String, String> overrides) {
        JobsFixture f = new JobsFixture(overrides);
        open.add(f);
        return f;
    }

    JobService service(JobsFixture f, String node) {
        JobService s = f.service(f.localExecutor(), node);
        open.add(0, s);
        return s;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    @Test
    void aJobRunsInItsOwnProcessAndLeavesLogMetricsPredictionsAndResult() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        List<Job> finished = new ArrayList<>();
        s.addFinishedListener((job, dir) -> finished.add(job));
        long u = f.student("ada");
        Job j = s.submit(request(u, "test-steps", "{\"steps\": 5}"));
        assertThat(j.state()).isEqualTo(JobState.QUEUED);
        assertThat(s.queuePosition(j.id())).contains(1);

        s.start(); // the scheduler loop, ticking on its own
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!f.state(s, j.id()).isFinal() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(s.isLeader()).isTrue();
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).as(done.exitReason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.executor()).isEqualTo("local");
        assertThat(done.handle()).matches("\\d+");
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.measuredPeakBytes()).isGreaterThan(1L << 20);
        var dir = s.jobDir(j.id());
        assertThat(Files.readAllLines(dir.resolve(JobFiles.METRICS))).hasSize(5).last().asString().contains("\"step\":5", "\"loss\":0.2", "rss_bytes");
        assertThat(Files.readAllLines(dir.resolve(JobFiles.PREDICTIONS))).hasSize(5).first().isEqualTo("{\"id\":\"item-1\",\"prediction\":\"odd\"}");
        assertThat(JobFiles.readResult(dir).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(s.logTail(j.id(), 5)).contains("test-steps starting", "test-steps finished");
        assertThat(s.detail(j.id()).orElseThrow().progress()).isEqualTo(1.0);
        assertThat(finished).extracting(Job::id).containsExactly(j.id());
        assertThat(s.queuePosition(j.id())).isEmpty();
    }

    @Test
    void aJobIsFoundForItsOwnerAndInstructorsOnly() {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        long ada = f.student("ada");
        long bob = f.student("bob");
        Job j = s.submit(request(ada, "test-steps", "{\"steps\": 1}"));
        assertThat(s.find(Viewer.student(ada), j.id())).map(Job::id).contains(j.id());
        assertThat(s.find(Viewer.instructor(bob), j.id())).map(Job::id).contains(j.id());
        assertThat(s.find(Viewer.student(bob), j.id())).as("another student's job is as absent as no job").isEmpty();
        assertThat(s.find(Viewer.student(ada), j.id() + 1)).isEmpty();
    }

    @Test
    void badSubmissionsAreRejectedWithTheFieldAtFault() {
        JobsFixture f = fixture(Map.of("gpu.memory.gb", "1", "jobs.max.queued.per.student", "2", "jobs.max.daily.per.student", "3"));
        JobService s = service(f, "a");
        long u = f.student("bo");
        assertThatThrownBy(() -> s.submit(request(u, "no-such-kind", "{}")))
                .isInstanceOfSatisfying(JobRejectedException.class, e -> assertThat(e.problems().get(0).field()).isEqualTo("kind"));
        assertThatThrownBy(() -> s.submit(request(u, "test-sleep", "{\"seconds\": -1}")))
                .isInstanceOfSatisfying(JobRejectedException.class, e -> assertThat(e.problems().get(0).field()).isEqualTo("spec.seconds"));
        assertThatThrownBy(() -> s.submit(request(u, "test-sleep", "{\"seconds\": 1, \"estimate_mb\": 2048}")))
                .hasMessageContaining("2.0 GiB").hasMessageContaining("budget of 1.0 GiB");

        Job a = s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        assertThatThrownBy(() -> s.submit(request(u, "test-sleep", "{\"seconds\": 1}")))
                .isInstanceOfSatisfying(JobRejectedException.class, e -> assertThat(e.problems().get(0).field()).isEqualTo("quota"))
                .hasMessageContaining("2 jobs queued");
        assertThat(s.cancel(a.id())).isTrue();
        s.submit(request(u, "test-sleep", "{\"seconds\": 1}")); // the cancelled one no longer counts
        assertThat(s.listOwn(u, 10)).hasSize(3);
        assertThat(s.listAll(null, 10)).hasSize(3);
        assertThat(s.listAll(JobState.CANCELLED, 10)).extracting(Job::id).containsExactly(a.id());
    }

    @Test
    void withoutAGpuAJobThatNeedsMoreMemoryThanAJobMayHaveIsRefusedAndCostsNothing() {
        JobsFixture f = fixture(Map.of("jobs.memory.max.gb", "1", "jobs.memory.overhead.mb", "256"));
        JobService s = service(f, "a");
        long u = f.student("dee");
        assertThatThrownBy(() -> s.submit(request(u, "test-sleep", "{\"seconds\": 1, \"estimate_mb\": 800}")))
                .isInstanceOfSatisfying(JobRejectedException.class, e -> assertThat(e.problems().get(0).field()).isEqualTo("spec"))
                .hasMessageContaining("needs an estimated 0.8 GiB of memory").hasMessageContaining("1.0 GiB")
                .hasMessageContaining("jobs.memory.max.gb");
        assertThat(s.listOwn(u, 10)).isEmpty();
        assertThat(s.submit(request(u, "test-sleep", "{\"seconds\": 1, \"estimate_mb\": 700}")).state()).isEqualTo(JobState.QUEUED); // 700 + 256 MiB fit
    }

    @Test
    void theJobFolderGetsTheSpecAndPublicDataButNeverTheGraderFolder() throws Exception {
        JobsFixture f = fixture(Map.of("course.dir", "/srv/course"));
        JobService s = service(f, "a");
        long u = f.student("cat");
        var data = java.nio.file.Path.of("/srv/course/labs/lab1/data");
        Job j = s.submit(new JobService.JobRequest(u, "lab1", "ex1", "test-sleep", JobsFixture.spec("{\"seconds\": 1}"), null, data));
        var written = JobFiles.readJson(s.jobDir(j.id()).resolve(JobFiles.SPEC));
        assertThat(written.get("kind").asText()).isEqualTo("test-sleep");
        assertThat(written.get("data_dir").asText()).isEqualTo(data.toString());
        assertThat(written.get("spec").get("seconds").asInt()).isEqualTo(1);
        try (var files = Files.list(s.jobDir(j.id()))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(JobFiles.SPEC);
        }
        assertThatThrownBy(() -> s.submit(new JobService.JobRequest(u, "lab1", "ex1", "test-sleep",
                JobsFixture.spec("{\"seconds\": 1}"), null, java.nio.file.Path.of("/srv/course/grader/lab1"))))
                .hasMessageContaining("grader folder");
    }

    @Test
    void theDailyQuotaLeavesOutCancelledAndInfrastructureFailedJobs() {
        JobsFixture f = fixture(Map.of("jobs.max.daily.per.student", "3"));
        JobService s = service(f, "a");
        long u = f.student("bea");
        Job a = s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        Job b = s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        s.cancel(a.id());
        s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        assertThatThrownBy(() -> s.submit(request(u, "test-sleep", "{\"seconds\": 1}"))).hasMessageContaining("submitted 3 jobs in the last 24 hours");
        new JobStore(f.db).finish(b.id(), JobState.FAILED, f.clock.instant(), "sbatch: Slurm is down", null, true);
        s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        f.clock.advance(Duration.ofHours(25));
        s.submit(request(u, "test-sleep", "{\"seconds\": 1}"));
        assertThat(s.listOwn(u, 10)).hasSize(6);
    }

    @Test
    void aStudentWhoQueuesLaterRunsBeforeTheRestOfAnotherStudentsTwentyJobs() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        long a = f.student("a"), b = f.student("b");
        List<Job> as = new ArrayList<>();
        for (int i = 0; i < 20; i++) as.add(s.submit(request(a, "test-sleep", "{\"seconds\": 0}")));
        f.tickUntil(s, WAIT, () -> f.state(s, as.get(0).id()) == JobState.RUNNING);
        f.clock.advance(Duration.ofSeconds(5));
        Job bj = s.submit(request(b, "test-sleep", "{\"seconds\": 0}"));
        assertThat(s.queuePosition(bj.id())).contains(1);
        f.tickUntil(s, WAIT, () -> f.state(s, as.get(0).id()).isFinal());
        assertThat(f.state(s, bj.id())).isEqualTo(JobState.RUNNING);
        assertThat(s.listAll(JobState.RUNNING, 10)).extracting(Job::id).containsExactly(bj.id());
    }

    @Test
    void aJobOverItsWallTimeEndsTimedOut() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        long u = f.student("cy");
        Job j = s.submit(new JobService.JobRequest(u, "lab1", "ex1", "test-sleep", JobsFixture.spec("{\"seconds\": 60}"), Duration.ofSeconds(30)));
        f.tickUntil(s, WAIT, () -> s.logTail(j.id(), 5).contains("sleeping"));
        f.clock.advance(Duration.ofSeconds(31));
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.TIMED_OUT);
        assertThat(done.exitReason()).contains("wall-time limit of 30s");
        assertThat(ProcessHandle.of(Long.parseLong(done.handle())).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void queuedAndRunningJobsCanBeCancelled() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        long u = f.student("di");
        List<Job> told = new ArrayList<>();
        s.addFinishedListener((job, dir) -> told.add(job));
        Job running = s.submit(request(u, "test-sleep", "{\"seconds\": 60}"));
        Job queued = s.submit(request(u, "test-sleep", "{\"seconds\": 60}"));
        f.tickUntil(s, WAIT, () -> s.logTail(running.id(), 5).contains("sleeping"));
        assertThat(s.cancel(queued.id())).isTrue();
        assertThat(f.state(s, queued.id())).isEqualTo(JobState.CANCELLED);
        assertThat(s.cancel(running.id())).isTrue();
        f.tickUntil(s, WAIT, () -> f.state(s, running.id()).isFinal());
        assertThat(s.find(running.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(s.cancel(running.id())).as("already over").isFalse();
        assertThat(told).extracting(Job::id).containsExactly(queued.id(), running.id());
    }

    @Test
    void aJobProcessKilledHardLeavesNoReservedRoomWhetherItEndsFailedOrCancelled() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        long u = f.student("ro");
        for (JobState ending : List.of(JobState.FAILED, JobState.CANCELLED)) {
            Job j = s.submit(request(u, "test-sleep", "{\"seconds\": 60}"));
            killHard(f, s, j.id());
            // the student cancels a job whose process is already gone
            if (ending == JobState.CANCELLED) assertThat(s.cancel(j.id())).isTrue();
            f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
            assertThat(f.state(s, j.id())).isEqualTo(ending);
            assertThat(s.jobDir(j.id()).resolve(JobFiles.RESULT_ROOM)).as("after it ended %s", ending).doesNotExist();
        }
    }

    /** Runs the job until it sleeps, then kill -9s its process (which so leaves its room for result.json behind). */
    private static void killHard(JobsFixture f, JobService s, long id) throws Exception {
        f.tickUntil(s, WAIT, () -> s.logTail(id, 5).contains("sleeping"));
        assertThat(s.jobDir(id).resolve(JobFiles.RESULT_ROOM)).as("reserved while the job runs").isRegularFile();
        ProcessHandle p = ProcessHandle.of(Long.parseLong(s.find(id).orElseThrow().handle())).orElseThrow();
        p.destroyForcibly();
        p.onExit().get();
        assertThat(s.jobDir(id).resolve(JobFiles.RESULT)).as("a process killed hard writes no result").doesNotExist();
    }

    @Test
    void aCrashedJobProcessEndsFailedWithTheTailOfItsLog() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        long u = f.student("ed");
        Job j = s.submit(request(u, "test-crash", "{}"));
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.exitReason()).contains("exited with code 3", "segfault in native code");
        assertThat(done.infraFailure()).isFalse();
    }

    @Test
    void aServerStartedWithARelativeClassPathRunsJobsInTheirOwnFolders() throws Exception {
        // `cd target && java -jar nlulab.jar serve`: the server's class path is relative to where it started
        Path here = Path.of("").toAbsolutePath();
        String relative = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> here.relativize(Path.of(e).toAbsolutePath()).toString()).collect(Collectors.joining(File.pathSeparator));
        assertThat(relative).doesNotStartWith("/");
        JobsFixture f = fixture(Map.of());
        JobService s = f.service(new LocalExecutor(LocalExecutor.javaOf(f.settings), LocalExecutor.jvmOptionsOf(f.settings), relative,
                1L << 30, Duration.ofSeconds(2)), "a");
        open.add(0, s);
        Job j = s.submit(request(f.student("ida"), "test-steps", "{\"steps\": 2}"));
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).as(done.exitReason()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aRelativeDjlCacheFolderIsHandedToJobsAsAnAbsoluteOne() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DJL_CACHE_DIR", "data/djl-cache", "HOME", "/root"));
        LocalExecutor.absoluteCacheDir(env);
        assertThat(env).containsEntry("DJL_CACHE_DIR", Path.of("").toAbsolutePath().resolve("data/djl-cache").toString())
                .containsEntry("HOME", "/root");
    }

    @Test
    void aJobWhoseFolderIsNotWrittenYetWaitsAndOneLeftWithoutItEndsAsOurFailure() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        Job j = s.submit(request(f.student("kim"), "test-sleep", "{\"seconds\": 0}"));
        Path spec = s.jobDir(j.id()).resolve(JobFiles.SPEC);
        byte[] written = Files.readAllBytes(spec);
        Files.delete(spec); // as between the row's insert and the folder's write (a scheduler on another server ticks then)
        s.tick();
        assertThat(f.state(s, j.id())).as("not started before its folder is written").isEqualTo(JobState.QUEUED);
        Files.write(spec, written);
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        assertThat(f.state(s, j.id())).isEqualTo(JobState.SUCCEEDED);

        Job orphan = s.submit(request(f.student("lee"), "test-sleep", "{\"seconds\": 0}"));
        Files.delete(s.jobDir(orphan.id()).resolve(JobFiles.SPEC)); // its server died before writing it
        s.tick();
        assertThat(f.state(s, orphan.id())).isEqualTo(JobState.QUEUED);
        f.clock.advance(SchedulerLoop.SPEC_WRITING.plusSeconds(1));
        f.tickUntil(s, WAIT, () -> f.state(s, orphan.id()).isFinal());
        Job done = s.find(orphan.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.infraFailure()).as("not the student's: %s", done.exitReason()).isTrue();
    }

    @Test
    void aJobProcessThatNeverStartsTheJobIsAnInfrastructureFailure() throws Exception {
        // the JVM starts, but cannot run the job (here: no NLU Lab classes on its class path)
        JobsFixture f = fixture(Map.of());
        Path empty = Files.createTempDirectory("no-classes");
        JobService s = f.service(new LocalExecutor(LocalExecutor.javaOf(f.settings), List.of(), empty.toString(), 1L << 30, Duration.ofSeconds(2)), "a");
        open.add(0, s);
        Job j = s.submit(request(f.student("jo"), "test-steps", "{\"steps\": 2}"));
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.infraFailure()).as(done.exitReason()).isTrue();
        assertThat(done.chargeable()).isFalse();
        assertThat(done.exitReason()).startsWith("the job process could not start the job").contains("JobMain");
    }

    @Test
    void aJobOverItsMemoryCapFails() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f, "a");
        long u = f.student("fa");
        Job j = s.submit(request(u, "test-alloc", "{\"mb\": 1024, \"estimate_mb\": 64}"));
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.exitReason()).containsAnyOf("OutOfMemoryError", "memory cap");
    }

    @Test
    void aServerKilledWhileAJobRunsIsFollowedByTheNextLeaderWithoutRunningItTwice() throws Exception {
        JobsFixture f = fixture(Map.of("jobs.lease.seconds", "15"));
        JobService first = service(f, "first");
        long u = f.student("gu");
        Job j = f.service(f.localExecutor(), "unused").submit(request(u, "test-sleep", "{\"seconds\": 2}"));
        f.tickUntil(first, WAIT, () -> first.logTail(j.id(), 5).contains("sleeping"));
        // "kill -9": the first server stops ticking and never gives its lease back
        JobService second = service(f, "second");
        second.tick();
        assertThat(second.isLeader()).isFalse();
        f.clock.advance(Duration.ofSeconds(16));
        second.tick();
        assertThat(second.isLeader()).isTrue();
        assertThat(f.state(second, j.id())).as("re-attached").isEqualTo(JobState.RUNNING);
        f.tickUntil(second, WAIT, () -> f.state(second, j.id()).isFinal());
        assertThat(f.state(second, j.id())).isEqualTo(JobState.SUCCEEDED);
        assertThat(Files.readAllLines(second.jobDir(j.id()).resolve("runs.txt"))).hasSize(1);
    }

    @Test
    void aJobWhoseProcessDiedWithTheServerEndsFailedAndIsNotRunAgain() throws Exception {
        JobsFixture f = fixture(Map.of("jobs.lease.seconds", "15"));
        JobService first = service(f, "first");
        long u = f.student("hu");
        Job j = first.submit(request(u, "test-sleep", "{\"seconds\": 60}"));
        f.tickUntil(first, WAIT, () -> first.logTail(j.id(), 5).contains("sleeping"));
        ProcessHandle p = ProcessHandle.of(Long.parseLong(first.find(j.id()).orElseThrow().handle())).orElseThrow();
        p.destroyForcibly(); // the machine rebooted: the server and its job processes are gone
        p.onExit().get();
        assertThat(first.jobDir(j.id()).resolve(JobFiles.RESULT_ROOM)).as("left by the killed process").isRegularFile();
        JobService second = service(f, "second");
        f.clock.advance(Duration.ofSeconds(16));
        second.tick();
        Job done = second.find(j.id()).orElseThrow();
        assertThat(second.jobDir(j.id()).resolve(JobFiles.RESULT_ROOM)).as("once the next leader ended the job").doesNotExist();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.exitReason()).startsWith(SchedulerLoop.RESTARTED_GONE);
        assertThat(done.infraFailure()).as("not the student's fault").isTrue();
        for (int i = 0; i < 3; i++) second.tick();
        assertThat(Files.readAllLines(second.jobDir(j.id()).resolve("runs.txt"))).hasSize(1);
    }
}
