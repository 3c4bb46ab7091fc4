package dev.nlulab.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.config.Settings;
import dev.nlulab.identity.Viewer;
import dev.nlulab.store.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The job queue: what the web pages and the grader call. Submitting validates the spec with its
 * kind, applies the student's quotas and writes the job folder; reading answers only for jobs the
 * viewer may see. The jobs are run by the {@link SchedulerLoop} this service starts and stops.
 */
public final class JobService implements AutoCloseable {
    private final JobStore store;
    private final SchedulerPolicy policy;
    private final SchedulerLoop loop;
    private final JobKinds kinds;
    private final Clock clock;
    private final Path jobsDir;
    private final Path graderDir;
    /** What a CPU job may need at most (estimate + its process's JVM and libtorch), and that overhead. */
    private final long maxJobMemoryBytes;
    private final long jobOverheadBytes;

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
        this.kinds = kinds;
        this.clock = clock;
        this.jobsDir = settings.jobsDir();
        this.graderDir = settings.graderDir();
        this.jobOverheadBytes = settings.getInt("jobs.memory.overhead.mb") * (1L << 20);
        double maxGb = settings.getDouble("jobs.memory.max.gb");
        this.maxJobMemoryBytes = maxGb > 0 ? (long) (maxGb * (1L << 30)) : physicalMemoryBytes();
        SchedulerLease lease = new SchedulerLease(db, nodeId, Duration.ofSeconds(settings.getInt("jobs.lease.seconds")), clock);
        this.loop = new SchedulerLoop(store, policy, lease, executor, clock, this::jobDir, Duration.ofMillis(settings.getInt("jobs.tick.ms")));
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

    /** This machine's memory, or no limit where the JVM cannot tell. */
    private static long physicalMemoryBytes() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : Long.MAX_VALUE;
    }

    static String nodeId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void addFinishedListener(JobFinishedListener l) { loop.addFinishedListener(l); }

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
        SpecCheck check = kind.validate(r.spec(), r.publicDataDir());
        if (!check.isOk()) throw new JobRejectedException(check.problems());
        long estimate = kind.estimatePeakMemoryBytes(r.spec(), r.publicDataDir());
        if (policy.usesGpuMemory() && estimate > policy.capacity()) {
            throw new JobRejectedException("spec", String.format("needs an estimated %.1f GiB of GPU memory, more than the whole"
                    + " budget of %.1f GiB (gpu.memory.gb): make it smaller (fewer bits, rank, batch or sequence length)",
                    estimate / (double) (1L << 30), policy.capacity() / (double) (1L << 30)));
        }
        if (!policy.usesGpuMemory() && estimate + jobOverheadBytes > maxJobMemoryBytes) {
            throw new JobRejectedException("spec", String.format("needs an estimated %.1f GiB of memory, %.1f GiB with its process,"
                    + " more than the %.1f GiB a job may have here (jobs.memory.max.gb): make it smaller (fewer bits, rank or batch)",
                    estimate / (double) (1L << 30), (estimate + jobOverheadBytes) / (double) (1L << 30), maxJobMemoryBytes / (double) (1L << 30)));
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
            JobFiles.writeSpec(jobDir(id), id, r.kind(), r.spec(), r.publicDataDir());
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
            loop.cancelledQueued(jobId);
            return true;
        }
        if (!store.requestStop(jobId, JobState.CANCELLED)) return false;
        loop.stopRequested(jobId);
        return true;
    }

    public Optional<Job> find(long jobId) { return store.find(jobId); }

    /** The job, if the viewer may see it: its owner or an instructor. Another student's job is as absent as no job. */
    public Optional<Job> find(Viewer viewer, long jobId) {
        return store.find(jobId).filter(j -> viewer.instructor() || j.userId() == viewer.userId());
    }

    public List<Job> listOwn(long userId, int limit) { return store.byUser(userId, limit); }

    /** Every student's jobs, newest first; {@code state} null for all states. */
    public List<Job> listAll(JobState state, int limit) { return store.all(state, limit); }

    /** 1 for the job that starts next; empty when the job is not queued. */
    public Optional<Integer> queuePosition(long jobId) {
        return Optional.ofNullable(queuePositions().get(jobId));
    }

    /** Every queued job's place in the queue (job id to 1, 2, ...), ranked once for a whole list page. */
    public Map<Long, Integer> queuePositions() {
        List<Job> order = loop.queueOrder();
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
    public boolean logShownTo(Job j, Viewer viewer) {
        return viewer.instructor() || JobFiles.started(jobDir(j.id()));
    }

    /** The last lines of a job's log (the crash reason of a failed job is in there too). */
    public String logTail(long jobId, int lines) { return JobFiles.logTail(jobDir(jobId), lines); }

    /** The grader calls this once it has scored the job's predictions. */
    public void markGraded(long jobId) { store.markGraded(jobId, clock.instant()); }

    // ---- the scheduler loop

    public boolean isLeader() { return loop.isLeader(); }

    /** Starts the scheduler loop, ticking every {@code jobs.tick.ms} on a daemon thread. */
    public void start() { loop.start(); }

    /** One round of the scheduler loop (tests and benchmarks tick by hand). */
    public void tick() { loop.tick(); }

    /** Decision time of one tick's scheduling (query + ranking), for the benchmark. */
    List<Job> planNow() { return loop.planNow(); }

    /** Stops the scheduler loop and gives the lease up; running jobs go on and the next leader re-attaches them. */
    @Override
    public void close() { loop.close(); }
}
