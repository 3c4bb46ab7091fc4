package dev.nlulab.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Decides, in memory, which queued jobs start now. Each student's jobs go first in, first out;
 * between students the next job is the one with the highest priority
 * <pre>
 *   fairShare / (1 + jobs of that student running or ranked ahead)  +  queued time / agingTime
 *   fairShare = 2^(-recent usage / usageScale)      usage = sum of held seconds x 2^(-age / halfLife)
 * </pre>
 * The first term shares the GPU between students (Slurm's fair-share factor, spread over each
 * student's concurrent jobs); the second grows without bound, so no job starves. Jobs start in
 * that order while their estimates fit the free capacity; a job that does not fit is passed over,
 * unless it has waited a whole aging time: then nothing more starts until it fits.
 */
public final class Scheduler {
    private final SchedulerPolicy policy;

    public Scheduler(SchedulerPolicy policy) {
        this.policy = policy;
    }

    /** The queued jobs of {@code view} in the order they would start with unlimited capacity. */
    public List<Job> rank(List<Job> view, Instant now) {
        Map<Long, Double> usage = new HashMap<>();
        Map<Long, Integer> ahead = new HashMap<>();
        Map<Long, ArrayDeque<Job>> queues = new HashMap<>();
        List<Job> queued = new ArrayList<>();
        for (Job j : view) {
            if (j.state() == JobState.QUEUED) {
                queued.add(j);
            } else if (j.chargeable() && j.startedAt() != null) {
                usage.merge(j.userId(), decayedSeconds(j, now), Double::sum);
                if (j.state() == JobState.RUNNING) ahead.merge(j.userId(), 1, Integer::sum);
            }
        }
        queued.sort(Comparator.comparing(Job::requestedAt).thenComparingLong(Job::id)); // first in, first out per student
        for (Job j : queued) queues.computeIfAbsent(j.userId(), u -> new ArrayDeque<>()).add(j);

        // each student's next job competes; ties go to the older request
        record Head(Job job, double priority) {}
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> a.priority != b.priority
                ? Double.compare(b.priority, a.priority) : Long.compare(a.job.id(), b.job.id()));
        Map<Long, Double> fairShare = new HashMap<>();
        double scale = seconds(policy.usageScale());
        for (var e : queues.entrySet()) {
            long user = e.getKey();
            double share = Math.pow(2, -usage.getOrDefault(user, 0.0) / scale);
            fairShare.put(user, share);
            Job first = e.getValue().poll();
            heads.add(new Head(first, priority(first, share, ahead.getOrDefault(user, 0), now)));
        }
        List<Job> order = new ArrayList<>(queued.size());
        while (!heads.isEmpty()) {
            Job j = heads.poll().job();
            order.add(j);
            int n = ahead.merge(j.userId(), 1, Integer::sum);
            Job next = queues.get(j.userId()).poll();
            if (next != null) heads.add(new Head(next, priority(next, fairShare.get(j.userId()), n, now)));
        }
        return order;
    }

    /** The queued jobs to start now, in order. */
    public List<Job> plan(List<Job> view, Instant now) {
        long used = 0;
        Map<Long, Integer> running = new HashMap<>();
        for (Job j : view) {
            if (j.state() == JobState.RUNNING) {
                used += policy.cost(j);
                running.merge(j.userId(), 1, Integer::sum);
            }
        }
        List<Job> start = new ArrayList<>();
        for (Job j : rank(view, now)) {
            if (running.getOrDefault(j.userId(), 0) >= policy.maxRunningPerStudent()) continue;
            long cost = policy.cost(j);
            if (used + cost > policy.capacity()) {
                if (waited(j, now) >= seconds(policy.agingTime())) break; // keep the room it waits for
                continue;
            }
            used += cost;
            running.merge(j.userId(), 1, Integer::sum);
            start.add(j);
        }
        return start;
    }

    private double priority(Job j, double fairShare, int ahead, Instant now) {
        return fairShare / (1 + ahead) + waited(j, now) / seconds(policy.agingTime());
    }

    private double decayedSeconds(Job j, Instant now) {
        Instant end = j.finishedAt() != null ? j.finishedAt() : now;
        double age = Math.max(0, Duration.between(end, now).toMillis() / 1000.0);
        return j.heldSeconds(now) * Math.pow(2, -age / seconds(policy.usageHalfLife()));
    }

    private static double waited(Job j, Instant now) {
        return Math.max(0, Duration.between(j.requestedAt(), now).toMillis() / 1000.0);
    }

    private static double seconds(Duration d) {
        return Math.max(1e-3, d.toMillis() / 1000.0);
    }
}
