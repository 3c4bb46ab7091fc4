package dev.nlulab.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.config.Settings;
import dev.nlulab.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The job queue: what the web pages and the grader call. Submitting validates the spec with its
 * kind, applies the student's quotas and writes the job folder; the scheduler loop (every
 * {@code jobs.tick.ms}, on the one server holding the lease) follows running jobs, stops those
 * over their wall time or asked to stop, records endings, tells the {@link JobFinishedListener}s,
 * and starts queued jobs in {@link Scheduler} order.
 */
public final class JobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    static final String RESTARTED_GONE = "server restarted; job process gone";

    private final JobStore store;
    private final SchedulerPolicy policy;
    private final Scheduler scheduler;
    private final SchedulerLease lease;
    private final Executor executor;
    private final JobKinds kinds;
    private final Clock clock;
    private final Path jobsDir;
    private final Path graderDir;
    private final Path modelDir;
    private final Duration tick;
    private final List<JobFinishedListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Long> stopsSent = ConcurrentHashMap.newKeySet();
    private volatile boolean leader;
    private ScheduledExecutorService loop;

    /** A submission: who, for which exercise, which kind with which spec. */
    public record JobRequest(long userId, String labId, String exerciseId, String kind, JsonNode spec,
                             Duration wallTimeLimit, Path publicDataDir) {
        /** The exercise's wall-time limit, or null for {@code jobs.walltime.minutes}; no public data. */
        public JobRequest(long userId, String labId, String exerciseId, String kind, JsonNode spec, Duration wallTimeLimit) {
            this(userId, labId, exerciseId, kind, spec, wallTimeLimit, null);
        }
    }

    /** What a job page shows: the row, its spec, progress and place in the queue. */
    public record JobDetail(Job job, String spec, Double progress, Duration eta, Integer queuePosition) {}

    public JobService(Database db, Settings settings, Executor executor, JobKinds kinds, Clock clock, String nodeId) {
        this.store = new JobStore(db);
        this.policy = SchedulerPolicy.of(settings);
        this.scheduler = new Scheduler(policy);
        this.lease = new SchedulerLease(db, nodeId, Duration.ofSeconds(settings.getInt("jobs.lease.seconds")), clock);
        this.executor = executor;
        this.kinds = kinds;
        this.clock = clock;
        this.jobsDir = settings.jobsDir();
        this.graderDir = settings.graderDir();
        this.modelDir = settings.modelDir();
        this.tick = Duration.ofMillis(settings.getInt("jobs.tick.ms"));
    }

    /** The service a server runs: executor from the {@code executor} setting, kinds from the class path. */
    public static JobService create(Database db, Settings settings) {
        return new JobService(db, settings, executorOf(settings), JobKinds.load(), Clock.systemUTC(), nodeId());
    }

    public static Executor executorOf(Settings settings) {
        return switch (settings.get("executor")) {
            case "local" -> new LocalExecutor(settings);
            case "slurm" -> new SlurmExecutor(settings);
            default -> throw new IllegalArgumentException("setting executor must be 'local' or 'slurm', was '" + settings.get("executor") + "'");
        };
    }

    static String nodeId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void addFinishedListener(JobFinishedListener l) { listeners.add(l); }

    public Path jobDir(long jobId) { return jobsDir.resolve(Long.toString(jobId)); }

    public JobKinds kinds() { return kinds; }

    // ---- submitting and reading

    /** Queues a job, or throws {@link JobRejectedException} with field-level messages. */
    public Job submit(JobRequest r) {
        JobKind kind = kinds.find(r.kind()).orElseThrow(() -> new JobRejectedException("kind",
                "unknown job kind '" + r.kind() + "'; known kinds: " + kinds.all().keySet()));
        if (r.publicDataDir() != null && r.publicDataDir().toAbsolutePath().normalize().startsWith(graderDir)) {
            throw new IllegalArgumentException("a job may not see the grader folder (answer keys): " + r.publicDataDir());
        }
        if (r.spec() == null || !r.spec().isObject()) throw new JobRejectedException("spec", "must be a JSON object");
        SpecCheck check = kind.validate(r.spec());
        if (!check.isOk()) throw new JobRejectedException(check.problems());
        long estimate = kind.estimatePeakMemoryBytes(r.spec());
        if (policy.usesGpuMemory() && estimate > policy.capacity()) {
            throw new JobRejectedException("spec", String.format("needs an estimated %.1f GiB of GPU memory, more than the whole"
                    + " budget of %.1f GiB (gpu.memory.gb): make it smaller (fewer bits, rank, batch or sequence length)",
                    estimate / (double) (1L << 30), policy.capacity() / (double) (1L << 30)));
        }
        Duration wall = r.wallTimeLimit() != null ? r.wallTimeLimit() : policy.defaultWallTime();
        if (wall.isNegative() || wall.isZero()) throw new JobRejectedException("wallTimeLimit", "must be positive, was " + wall);
        Instant now = clock.instant();
        JobStore.Counts c = store.counts(r.userId(), now.minus(Duration.ofDays(1)));
        if (c.queued() >= policy.maxQueuedPerStudent()) {
            throw new JobRejectedException("quota", "you already have " + c.queued() + " jobs queued, the most allowed"
                    + " (jobs.max.queued.per.student); wait for one to start or cancel one");
        }
        if (c.requestedSince() >= policy.maxDailyPerStudent()) {
            throw new JobRejectedException("quota", "you have submitted " + c.requestedSince() + " jobs in the last 24 hours,"
                    + " the most allowed (jobs.max.daily.per.student); cancelled and failed-by-us jobs do not count");
        }
        String specJson;
        try {
            specJson = JobFiles.JSON.writeValueAsString(r.spec());
        } catch (JsonProcessingException e) {
            throw new JobRejectedException("spec", "cannot be written as JSON: " + e.getOriginalMessage());
        }
        long id = store.insert(r.userId(), r.labId(), r.exerciseId(), r.kind(), specJson, now, estimate, wall);
        try {
            Files.createDirectories(jobDir(id));
            JobFiles.writeSpec(jobDir(id), id, r.kind(), r.spec(), r.publicDataDir(), modelDir);
        } catch (IOException | UncheckedIOException e) {
            store.finish(id, JobState.FAILED, now, "cannot write the job folder " + jobDir(id) + ": " + e.getMessage(), null, true);
        }
        return store.find(id).orElseThrow();
    }

    /**
     * Cancels a queued job at once, or asks a running one to stop (it ends CANCELLED when its
     * process is gone). False when the job had already ended.
     */
    public boolean cancel(long jobId) {
        if (store.cancelQueued(jobId, clock.instant())) {
            store.find(jobId).ifPresent(this::announce);
            return true;
        }
        if (!store.requestStop(jobId, JobState.CANCELLED)) return false;
        if (leader) store.find(jobId).ifPresent(this::sendStop);
        return true;
    }

    public Optional<Job> find(long jobId) { return store.find(jobId); }

    public List<Job> listOwn(long userId, int limit) { return store.byUser(userId, limit); }

    /** Every student's jobs, newest first; {@code state} null for all states. */
    public List<Job> listAll(JobState state, int limit) { return store.all(state, limit); }

    /** 1 for the job that starts next; empty when the job is not queued. */
    public Optional<Integer> queuePosition(long jobId) {
        return Optional.ofNullable(queuePositions().get(jobId));
    }

    /** Every queued job's place in the queue (job id to 1, 2, ...), ranked once for a whole list page. */
    public Map<Long, Integer> queuePositions() {
        List<Job> order = scheduler.rank(view(clock.instant()), clock.instant());
        Map<Long, Integer> positions = new HashMap<>();
        for (int i = 0; i < order.size(); i++) positions.put(order.get(i).id(), i + 1);
        return positions;
    }

    public Optional<JobDetail> detail(long jobId) {
        return store.find(jobId).map(job -> {
            Double fraction = null;
            Duration eta = null;
            Path progress = jobDir(jobId).resolve(JobFiles.PROGRESS);
            if (Files.isRegularFile(progress)) {
                try {
                    JsonNode p = JobFiles.readJson(progress);
                    fraction = p.path("fraction").asDouble();
                    if (p.has("eta_s")) eta = Duration.ofSeconds(p.get("eta_s").asLong());
                } catch (UncheckedIOException e) {
                    // being replaced right now; the next look shows it
                }
            }
            Integer position = job.state() == JobState.QUEUED ? queuePosition(jobId).orElse(null) : null;
            return new JobDetail(job, store.spec(jobId).orElse("{}"), fraction, eta, position);
        });
    }

    /**
     * Whether a viewer may read a job's log: instructors always, its owner once the job process has started
     * the job. Before that the log can only hold the platform's trouble (a JVM that would not start), not theirs.
     */
    public boolean logShownTo(Job j, boolean instructor) {
        return instructor || JobFiles.started(jobDir(j.id()));
    }

    /** The last lines of a job's log (the crash reason of a failed job is in there too). */
    public String logTail(long jobId, int lines) { return JobFiles.logTail(jobDir(jobId), lines); }

    /** The grader calls this once it has scored the job's predictions. */
    public void markGraded(long jobId) { store.markGraded(jobId, clock.instant()); }

    // ---- the scheduler loop

    public boolean isLeader() { return leader; }

    /** Starts ticking every {@code jobs.tick.ms} on a daemon thread. */
    public synchronized void start() {
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
    public synchronized void tick() {
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

    private List<Job> view(Instant now) {
        // usage older than ten half-lives weighs under 0.1%: leave it out of the query
        return store.schedulerView(now.minus(policy.usageHalfLife().multipliedBy(10)));
    }

    /** On becoming leader: re-attach to the jobs still running, or end those whose process is gone. Never restarts one. */
    private void recover() {
        for (Job j : store.inState(JobState.RUNNING)) {
            Path dir = jobDir(j.id());
            boolean ours = executor.name().equals(j.executor());
            if (ours && executor.reattach(j, dir)) {
                LOG.info("job {}: re-attached ({} {})", j.id(), j.executor(), j.handle());
                continue;
            }
            Optional<JobResult> r = JobFiles.readResult(dir);
            if (r.isPresent()) {
                end(j, j.stopRequested() != null && r.get().state() != JobState.SUCCEEDED ? j.stopRequested() : r.get().state(),
                        r.get().exitReason(), r.get().peakRssBytes(), false);
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
        Path dir = jobDir(j.id());
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
        if (stopsSent.add(j.id())) executor.cancel(j, jobDir(j.id()));
    }

    /** False when the executor failed to start the job (which then ends FAILED as an infrastructure failure). */
    private boolean start(Job j, Instant now) {
        if (!store.markRunning(j.id(), executor.name(), now)) return true;
        Job running = store.find(j.id()).orElseThrow();
        try {
            store.setHandle(j.id(), executor.submit(running, jobDir(j.id())));
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

    private void announce(Job j) {
        for (JobFinishedListener l : new ArrayList<>(listeners)) {
            try {
                l.jobFinished(j, jobDir(j.id()));
            } catch (RuntimeException e) {
                LOG.error("job {}: finished-listener failed", j.id(), e);
            }
        }
    }
}
