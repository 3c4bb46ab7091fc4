package dev.nlulab.jobs;

import dev.nlulab.config.Settings;

import java.time.Duration;

/**
 * The knobs of fair share, quotas and capacity. Capacity is GPU memory ({@code gpu.memory.gb})
 * packed by the jobs' estimates, or, without a GPU, {@code cpu.slots} slots of one job each.
 */
public record SchedulerPolicy(
        long gpuMemoryBytes,
        int cpuSlots,
        Duration usageHalfLife,
        Duration usageScale,
        Duration agingTime,
        int maxRunningPerStudent,
        int maxQueuedPerStudent,
        int maxDailyPerStudent,
        Duration defaultWallTime) {

    public static SchedulerPolicy of(Settings s) {
        return new SchedulerPolicy(
                (long) (s.getDouble("gpu.memory.gb") * (1L << 30)),
                s.getInt("cpu.slots"),
                hours(s.getDouble("jobs.fairshare.halflife.hours")),
                hours(s.getDouble("jobs.fairshare.usage.hours")),
                hours(s.getDouble("jobs.aging.hours")),
                s.getInt("jobs.max.running.per.student"),
                s.getInt("jobs.max.queued.per.student"),
                s.getInt("jobs.max.daily.per.student"),
                Duration.ofMinutes(s.getInt("jobs.walltime.minutes")));
    }

    private static Duration hours(double h) {
        return Duration.ofMillis((long) (h * 3_600_000));
    }

    public boolean usesGpuMemory() { return gpuMemoryBytes > 0; }

    /** The whole capacity: bytes of GPU memory, or CPU slots. */
    public long capacity() { return usesGpuMemory() ? gpuMemoryBytes : cpuSlots; }

    /** What a job takes of the capacity while it runs. */
    public long cost(Job job) { return usesGpuMemory() ? job.estimatedPeakBytes() : 1; }
}
