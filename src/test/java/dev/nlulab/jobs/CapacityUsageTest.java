package dev.nlulab.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityUsageTest {
    static final Instant NOW = Instant.parse("2026-03-02T14:00:00Z");
    static final Duration DAY = Duration.ofHours(24);

    static SchedulerPolicy policy(long gpuBytes, int slots) {
        Duration h = Duration.ofHours(1);
        return new SchedulerPolicy(gpuBytes, slots, h, h, h, 1, 5, 20, h);
    }

    static Job job(long id, String started, String finished, long estimateMb, JobState state) {
        return new Job(id, 1, "lab", "ex", "k", state, Instant.parse("2026-02-27T00:00:00Z"),
                started == null ? null : Instant.parse(started), finished == null ? null : Instant.parse(finished),
                null, "local", null, estimateMb << 20, null, Duration.ofHours(1), null, null, false);
    }

    static double at(CapacityUsage u, String time) {
        long t = Instant.parse(time).getEpochSecond();
        double v = 0;
        for (int i = 0; i < u.epochSeconds().size() && u.epochSeconds().get(i) <= t; i++) v = u.inUse().get(i);
        return v;
    }

    @Test
    void sumsTheEstimatesOfJobsRunningAtEachTimeInTheWindow() {
        List<Job> jobs = List.of(
                job(1, "2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z", 1024, JobState.SUCCEEDED),
                job(2, "2026-03-02T11:00:00Z", null, 512, JobState.RUNNING),
                job(3, "2026-03-01T08:00:00Z", "2026-03-01T16:00:00Z", 256, JobState.FAILED),   // began before the window
                job(4, "2026-02-28T08:00:00Z", "2026-02-28T09:00:00Z", 2048, JobState.SUCCEEDED), // before the window
                job(5, null, null, 2048, JobState.QUEUED));
        CapacityUsage u = CapacityUsage.of(jobs, policy(4L << 30, 0), NOW, DAY);

        assertThat(u.unit()).isEqualTo("GiB of GPU memory");
        assertThat(u.capacity()).isEqualTo(4.0);
        assertThat(u.epochSeconds()).isSorted().first().isEqualTo(NOW.minus(DAY).getEpochSecond());
        assertThat(u.epochSeconds()).last().isEqualTo(NOW.getEpochSecond());
        assertThat(at(u, "2026-03-01T14:00:00Z")).isEqualTo(0.25);
        assertThat(at(u, "2026-03-01T17:00:00Z")).isEqualTo(0.0);
        assertThat(at(u, "2026-03-02T10:30:00Z")).isEqualTo(1.0);
        assertThat(at(u, "2026-03-02T11:30:00Z")).isEqualTo(1.5);
        assertThat(at(u, "2026-03-02T12:00:00Z")).isEqualTo(0.5);
        assertThat(u.current()).isEqualTo(0.5);
        assertThat(u.peak()).isEqualTo(1.5);
    }

    @Test
    void withoutAGpuEachRunningJobTakesOneSlot() {
        List<Job> jobs = List.of(
                job(1, "2026-03-02T10:00:00Z", null, 4096, JobState.RUNNING),
                job(2, "2026-03-02T13:00:00Z", null, 64, JobState.RUNNING));
        CapacityUsage u = CapacityUsage.of(jobs, policy(0, 3), NOW, DAY);
        assertThat(u.unit()).isEqualTo("CPU slots");
        assertThat(u.capacity()).isEqualTo(3.0);
        assertThat(at(u, "2026-03-02T12:00:00Z")).isEqualTo(1.0);
        assertThat(u.current()).isEqualTo(2.0);
    }
}
