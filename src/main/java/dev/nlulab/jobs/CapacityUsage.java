package dev.nlulab.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * How much of the shared capacity (estimated GPU memory, or CPU slots) the jobs held over a recent
 * window, as a step series for the instructor's chart: the value at each time holds until the next.
 */
public record CapacityUsage(List<Long> epochSeconds, List<Double> inUse, double capacity, String unit) {

    static CapacityUsage of(List<Job> jobs, SchedulerPolicy policy, Instant now, Duration window) {
        Instant from = now.minus(window);
        double scale = policy.usesGpuMemory() ? (double) (1L << 30) : 1;
        TreeMap<Long, Double> change = new TreeMap<>(); // second -> capacity taken (+) or given back (-)
        change.put(from.getEpochSecond(), 0.0);
        for (Job j : jobs) {
            if (j.startedAt() == null) continue;
            Instant end = j.finishedAt() != null ? j.finishedAt() : now;
            if (!end.isAfter(from) || j.startedAt().isAfter(now)) continue;
            Instant start = j.startedAt().isBefore(from) ? from : j.startedAt();
            double cost = policy.cost(j) / scale;
            change.merge(start.getEpochSecond(), cost, Double::sum);
            if (end.isBefore(now)) change.merge(end.getEpochSecond(), -cost, Double::sum);
        }
        List<Long> t = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        double level = 0;
        for (var e : change.entrySet()) {
            level += e.getValue();
            t.add(e.getKey());
            v.add(Math.max(0, Math.round(level * 1000) / 1000.0)); // rounding keeps float sums from showing -0.000001
        }
        t.add(now.getEpochSecond());
        v.add(v.get(v.size() - 1));
        return new CapacityUsage(t, v, policy.capacity() / scale, policy.usesGpuMemory() ? "GiB of GPU memory" : "CPU slots");
    }

    /** The highest value in the window. */
    double peak() {
        return inUse.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The value now. */
    double current() {
        return inUse.get(inUse.size() - 1);
    }
}
