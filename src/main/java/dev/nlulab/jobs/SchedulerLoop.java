package dev.nlulab.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The scheduler loop: every {@code jobs.tick.ms}, on the one server holding the lease, it follows running
 * jobs, stops those over their wall time or asked to stop, records endings, tells the
 * {@link JobFinishedListener}s, and starts queued jobs in {@link Scheduler} order. On becoming leader it
 * re-attaches to the jobs still running (or ends those whose process is gone); it never restarts one.
 */
final class SchedulerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);
    static final String RESTARTED_GONE = "server restarted; job process gone";
    /** How long a queued job may wait for the server that queued it to write its spec.json (a server that died meanwhile never will). */
    static final Duration SPEC_WRITING = Duration.ofMinutes(1);

    private final JobStore store;
    private final SchedulerPolicy policy;
    private final Scheduler scheduler;
    private final SchedulerLease lease;
    private final Executor executor;
    private final Clock clock;
    private final LongFunction<Path> jobDir;
    private final Duration tick;
    private final List<JobFinishedListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Long> stopsSent = ConcurrentHashMap.newKeySet();
    private volatile boolean leader;
    private ScheduledExecutorService loop;

    SchedulerLoop(JobStore store, SchedulerPolicy policy, SchedulerLease lease, Executor executor, Clock clock,
                  LongFunction<Path> jobDir, Duration tick) {
        this.store = store;
        this.policy = policy;
        this.scheduler = new Scheduler(policy);
        this.lease = lease;
        this.executor = executor;
        this.clock = clock;
        this.jobDir = jobDir;
        this.tick = tick;
    }

    void addFinishedListener(JobFinishedListener l) { listeners.add(l); }

    boolean isLeader() { return leader; }

    /** The queued jobs in the order they would start with unlimited capacity (for their places in the queue). */
    List<Job> queueOrder() {
        Instant now = clock.instant();
        return scheduler.rank(view(now), now);
    }

    /** Starts ticking every {@code jobs.tick.ms} on a daemon thread. */
    synchronized void start() {
        if (loop != null) return;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-scheduler");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.error("scheduler tick failed", e);
            }
        }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops ticking and gives the lease up; running jobs go on and the next leader re-attaches them. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
        }
        if (leader) lease.release();
        leader = false;
    }

    /** One round: lead or step back; follow running jobs; start the queued jobs that fit. */
    synchronized void tick() {
        if (!lease.tryAcquire()) {
            leader = false;
            return;
        }
        if (!leader) {
            recover();
            leader = true;
        }
        Instant now = clock.instant();
        List<Job> view = view(now);
        boolean ended = false;
        for (Job j : view) {
            if (j.state() == JobState.RUNNING) ended |= follow(j, now);
        }
        if (ended) view = view(now);
        for (Job j : scheduler.plan(view, now)) {
            if (!start(j, now)) break; // the executor is failing (Slurm down?): try the others next tick
        }
    }

    /** Decision time of one tick's scheduling (query + ranking), for the benchmark. */
    List<Job> planNow() {
        Instant now = clock.instant();
        return scheduler.plan(view(now), now);
    }

    /** A job was cancelled while queued: it has ended, so the listeners hear of it. */
    void cancelledQueued(long jobId) {
        store.find(jobId).ifPresent(this::announce);
    }

    /** A running job was asked to stop: the leader sends the stop now (otherwise the leader's next tick does). */
    void stopRequested(long jobId) {
        if (leader) store.find(jobId).ifPresent(this::sendStop);
    }

    private List<Job> view(Instant now) {
        // usage older than ten half-lives weighs under 0.1%: leave it out of the query
        return store.schedulerView(now.minus(policy.usageHalfLife().multipliedBy(10)));
    }

    /** On becoming leader: re-attach to the jobs still running, or end those whose process is gone. Never restarts one. */
    private void recover() {
        for (Job j : store.inState(JobState.RUNNING)) {
            Path dir = jobDir.apply(j.id());
            boolean ours = executor.name().equals(j.executor());
            if (ours && executor.reattach(j, dir)) {
                LOG.info("job {}: re-attached ({} {})", j.id(), j.executor(), j.handle());
                continue;
            }
            Optional<JobResult> r = JobFiles.readResult(dir);
            if (r.isPresent()) {
                end(j, j.stopRequested() != null && r.get().state() != JobState.SUCCEEDED ? j.stopRequested() : r.get().state(),
                        r.get().exitReason(), r.get().peakRssBytes(), r.get().infraFailure());
            } else if (j.stopRequested() != null) {
                end(j, j.stopRequested(), "stopped while the server restarted", null, false);
            } else {
                String why = ours ? RESTARTED_GONE : RESTARTED_GONE + " (it ran on the " + j.executor()
                        + " executor, this server uses " + executor.name() + ")";
                end(j, JobState.FAILED, why + Executor.Observation.tailSuffix(dir), null, true);
            }
        }
    }

    /** Checks one running job; true when it has ended. */
    private boolean follow(Job j, Instant now) {
        Path dir = jobDir.apply(j.id());
        JobState stop = j.stopRequested();
        if (stop == null && j.startedAt() != null && Duration.between(j.startedAt(), now).compareTo(j.wallTimeLimit()) > 0) {
            if (store.requestStop(j.id(), JobState.TIMED_OUT)) stop = JobState.TIMED_OUT;
            else stop = store.find(j.id()).map(Job::stopRequested).orElse(null);
        }
        if (stop != null) sendStop(j);
        Executor.Observation o = executor.poll(j, dir);
        if (o.running()) return false;
        stopsSent.remove(j.id());
        if (stop != null && o.state() != JobState.SUCCEEDED) {
            String reason = stop == JobState.TIMED_OUT
                    ? "exceeded its wall-time limit of " + j.wallTimeLimit().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                    : "cancelled while running";
            end(j, stop, reason, o.peakMemoryBytes(), false);
        } else {
            end(j, o.state(), o.reason(), o.peakMemoryBytes(), o.infraFailure());
        }
        return true;
    }

    private void sendStop(Job j) {
        if (stopsSent.add(j.id())) executor.cancel(j, jobDir.apply(j.id()));
    }

    /** False when the executor failed to start the job (which then ends FAILED as an infrastructure failure). */
    private boolean start(Job j, Instant now) {
        // the row is queued a moment before its server writes the folder: such a job waits for the next tick
        boolean beingWritten = !Files.isRegularFile(jobDir.apply(j.id()).resolve(JobFiles.SPEC))
                && j.requestedAt().isAfter(now.minus(SPEC_WRITING));
        if (beingWritten || !store.markRunning(j.id(), executor.name(), now)) return true;
        Job running = store.find(j.id()).orElseThrow();
        try {
            store.setHandle(j.id(), executor.submit(running, jobDir.apply(j.id())));
            return true;
        } catch (ExecutorException | RuntimeException e) {
            LOG.warn("job {}: executor {} could not start it: {}", j.id(), executor.name(), e.getMessage());
            end(running, JobState.FAILED, "could not start: " + e.getMessage(), null, true);
            return false;
        }
    }

    private void end(Job j, JobState state, String reason, Long peak, boolean infra) {
        if (store.finish(j.id(), state, clock.instant(), reason, peak, infra)) {
            store.find(j.id()).ifPresent(this::announce);
        }
    }

    /** The job has ended (its process is gone or no longer counts): its folder keeps no reserved room; the listeners hear of it. */
    private void announce(Job j) {
        JobFiles.releaseResultRoom(jobDir.apply(j.id()));
        for (JobFinishedListener l : new ArrayList<>(listeners)) {
            try {
                l.jobFinished(j, jobDir.apply(j.id()));
            } catch (RuntimeException e) {
                LOG.error("job {}: finished-listener failed", j.id(), e);
            }
        }
    }
}
