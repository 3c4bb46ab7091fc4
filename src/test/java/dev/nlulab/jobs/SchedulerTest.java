package dev.nlulab.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final long MB = 1L << 20;

    static SchedulerPolicy policy(long gpuBytes, int slots, int maxRunning) {
        return new SchedulerPolicy(gpuBytes, slots, Duration.ofHours(24), Duration.ofHours(1), Duration.ofHours(24),
                maxRunning, 100, 100, Duration.ofHours(1));
    }

    static Job job(long id, long user, JobState state, Instant requested, Instant started, Instant finished, long estimate, boolean infra) {
        return new Job(id, user, "lab", "ex", "test-sleep", state, requested, started, finished, null, "local", null,
                estimate, null, Duration.ofHours(1), null, null, infra);
    }

    static Job queued(long id, long user, Instant requested, long estimate) {
        return job(id, user, JobState.QUEUED, requested, null, null, estimate, false);
    }

    static Job ran(long id, long user, Instant started, Duration took, JobState ending, boolean infra) {
        return job(id, user, ending, started, started, started.plus(took), MB, infra);
    }

    static List<Long> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    @Test
    void aLaterStudentRunsBeforeTheRestOfAnotherStudentsTwentyJobs() {
        List<Job> view = new ArrayList<>();
        view.add(job(1, 1, JobState.RUNNING, T0, T0, null, MB, false)); // A's first job holds the one slot
        for (int i = 2; i <= 20; i++) view.add(queued(i, 1, T0.plusSeconds(i), MB));
        view.add(queued(21, 2, T0.plusSeconds(60), MB)); // B, a minute later
        Instant now = T0.plusSeconds(120);
        Scheduler s = new Scheduler(policy(0, 1, 5));
        assertThat(s.rank(view, now).get(0).id()).isEqualTo(21);
        assertThat(s.plan(view, now)).isEmpty(); // the slot is taken

        view.set(0, ran(1, 1, T0, Duration.ofSeconds(100), JobState.SUCCEEDED, false));
        assertThat(ids(s.plan(view, now))).containsExactly(21L);
    }

    @Test
    void studentsWithLessRecentUseGoFirstAndUseFadesWithTheHalfLife() {
        Instant now = T0.plus(Duration.ofHours(1));
        List<Job> view = List.of(
                ran(1, 1, T0, Duration.ofMinutes(30), JobState.SUCCEEDED, false),   // A used 30 min
                ran(2, 2, T0, Duration.ofMinutes(5), JobState.FAILED, false),       // B used 5 min
                queued(3, 1, now.minusSeconds(10), MB),
                queued(4, 2, now.minusSeconds(5), MB));
        assertThat(ids(new Scheduler(policy(0, 1, 1)).rank(view, now))).containsExactly(4L, 3L);

        // three days later, with a 2-hour half-life, the old use is forgotten and the earlier job wins
        Instant later = now.plus(Duration.ofDays(3));
        SchedulerPolicy shortMemory = new SchedulerPolicy(0, 1, Duration.ofHours(2), Duration.ofHours(1), Duration.ofHours(24), 1, 100, 100, Duration.ofHours(1));
        assertThat(ids(new Scheduler(shortMemory).rank(view, later))).containsExactly(3L, 4L);
    }

    @Test
    void cancelledAndInfrastructureFailedJobsCostNoUsage() {
        Instant now = T0.plus(Duration.ofHours(2));
        List<Job> view = List.of(
                ran(1, 1, T0, Duration.ofHours(1), JobState.CANCELLED, false),
                ran(2, 1, T0, Duration.ofHours(1), JobState.FAILED, true),
                ran(3, 2, T0, Duration.ofMinutes(10), JobState.SUCCEEDED, false),
                queued(4, 1, now.minusSeconds(5), MB),
                queued(5, 2, now.minusSeconds(10), MB));
        assertThat(ids(new Scheduler(policy(0, 1, 1)).rank(view, now))).containsExactly(4L, 5L);
    }

    @Test
    void anOldJobOfAHeavyUserEventuallyRunsAheadOfNewcomers() {
        List<Job> view = new ArrayList<>();
        view.add(ran(1, 1, T0.minus(Duration.ofHours(20)), Duration.ofHours(20), JobState.SUCCEEDED, false)); // A: 20 GPU-hours
        view.add(queued(2, 1, T0, MB));
        Scheduler s = new Scheduler(policy(0, 1, 1));
        // an hour later a fresh student's job goes first
        Instant soon = T0.plus(Duration.ofHours(1));
        view.add(queued(3, 2, soon, MB));
        assertThat(ids(s.rank(view, soon))).containsExactly(3L, 2L);
        // after waiting a day and a half, A's job beats any newly queued one
        Instant later = T0.plus(Duration.ofHours(36));
        List<Job> lateView = new ArrayList<>(view.subList(0, 2));
        lateView.add(queued(4, 3, later, MB));
        assertThat(ids(s.plan(lateView, later))).containsExactly(2L);
    }

    @Test
    void smallJobsShareTheGpuMemoryWhileALargeOneWaits() {
        long gpu = 16L << 30;
        List<Job> view = List.of(
                queued(1, 1, T0, 6L << 30),
                queued(2, 2, T0.plusSeconds(1), 6L << 30),
                queued(3, 3, T0.plusSeconds(2), 12L << 30));
        Scheduler s = new Scheduler(policy(gpu, 0, 1));
        Instant now = T0.plusSeconds(10);
        assertThat(ids(s.plan(view, now))).containsExactly(1L, 2L);

        // with both small ones running, the large one still waits; when they end it starts
        List<Job> running = List.of(job(1, 1, JobState.RUNNING, T0, now, null, 6L << 30, false),
                job(2, 2, JobState.RUNNING, T0, now, null, 6L << 30, false), view.get(2));
        assertThat(s.plan(running, now)).isEmpty();
        List<Job> done = List.of(ran(1, 1, now, Duration.ofMinutes(1), JobState.SUCCEEDED, false),
                ran(2, 2, now, Duration.ofMinutes(1), JobState.SUCCEEDED, false), view.get(2));
        assertThat(ids(s.plan(done, now.plusSeconds(120)))).containsExactly(3L);
    }

    @Test
    void aLargeJobThatWaitedAWholeAgingTimeKeepsTheRoomItNeeds() {
        long gpu = 16L << 30;
        Instant now = T0.plus(Duration.ofHours(25));
        List<Job> view = List.of(
                job(1, 1, JobState.RUNNING, T0, now.minusSeconds(60), null, 8L << 30, false),
                queued(2, 2, T0, 12L << 30),                 // waited 25 h, does not fit now
                queued(3, 3, now.minusSeconds(5), 4L << 30)); // would fit, but would delay job 2 again
        assertThat(new Scheduler(policy(gpu, 0, 1)).plan(view, now)).isEmpty();
        // before a whole aging time it is passed over
        List<Job> young = List.of(view.get(0), queued(2, 2, now.minus(Duration.ofHours(2)), 12L << 30), view.get(2));
        assertThat(ids(new Scheduler(policy(gpu, 0, 1)).plan(young, now))).containsExactly(3L);
    }

    @Test
    void aStudentRunsNoMoreThanTheirLimitAtOnce() {
        List<Job> view = new ArrayList<>();
        for (int i = 1; i <= 4; i++) view.add(queued(i, 1, T0.plusSeconds(i), MB));
        view.add(queued(5, 2, T0.plusSeconds(9), MB));
        Instant now = T0.plusSeconds(30);
        assertThat(ids(new Scheduler(policy(0, 8, 2)).plan(view, now))).containsExactly(1L, 5L, 2L);
    }

    @Test
    void decidingOverTenThousandQueuedJobsTakesUnderFiftyMilliseconds() {
        Random rnd = new Random(7);
        List<Job> view = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) view.add(queued(i, rnd.nextInt(300), T0.plusSeconds(rnd.nextInt(86_400)), (1 + rnd.nextInt(8)) << 30));
        for (int i = 0; i < 3_000; i++) view.add(ran(20_000 + i, rnd.nextInt(300), T0.minusSeconds(rnd.nextInt(86_400)), Duration.ofMinutes(rnd.nextInt(60)), JobState.SUCCEEDED, false));
        Scheduler s = new Scheduler(policy(80L << 30, 0, 1));
        Instant now = T0.plus(Duration.ofDays(1));
        for (int i = 0; i < 5; i++) s.plan(view, now); // warm up
        // CPU time of this thread: the machine running the tests is shared, its wall time is not ours
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = threads.getCurrentThreadCpuTime();
            assertThat(s.plan(view, now)).isNotEmpty();
            best = Math.min(best, threads.getCurrentThreadCpuTime() - t);
        }
        assertThat(best / 1e6).isLessThan(50);
    }
}
