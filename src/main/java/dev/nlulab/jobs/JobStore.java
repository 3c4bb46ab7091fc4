package dev.nlulab.jobs;

import dev.nlulab.store.AdmissionLock;
import dev.nlulab.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The jobs table. State changes are guarded by the state they leave, so no job starts or ends twice. */
public final class JobStore {
    private static final String COLUMNS = "id, user_id, lab_id, exercise_id, kind, state, requested_at, started_at,"
            + " finished_at, graded_at, executor, executor_handle, estimated_peak_bytes, measured_peak_bytes,"
            + " wall_time_seconds, stop_requested, exit_reason, infra_failure";
    private static final int MAX_REASON = 4000;

    private static final RowMapper<Job> JOB = (rs, ctx) -> new Job(
            rs.getLong("id"),
            rs.getLong("user_id"),
            rs.getString("lab_id"),
            rs.getString("exercise_id"),
            rs.getString("kind"),
            JobState.valueOf(rs.getString("state")),
            instant(rs.getObject("requested_at", OffsetDateTime.class)),
            instant(rs.getObject("started_at", OffsetDateTime.class)),
            instant(rs.getObject("finished_at", OffsetDateTime.class)),
            instant(rs.getObject("graded_at", OffsetDateTime.class)),
            rs.getString("executor"),
            rs.getString("executor_handle"),
            rs.getLong("estimated_peak_bytes"),
            (Long) rs.getObject("measured_peak_bytes", Long.class),
            Duration.ofSeconds(rs.getLong("wall_time_seconds")),
            rs.getString("stop_requested") == null ? null : JobState.valueOf(rs.getString("stop_requested")),
            rs.getString("exit_reason"),
            rs.getBoolean("infra_failure"));

    private final Jdbi jdbi;

    public JobStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** A new QUEUED job, whatever the student's counts (benchmarks and tests); returns its id. */
    long insert(long userId, String labId, String exerciseId, String kind, String specJson,
                Instant requestedAt, long estimatedPeakBytes, Duration wallTime) {
        return insertWithinQuota(userId, labId, exerciseId, kind, specJson, requestedAt, estimatedPeakBytes, wallTime, requestedAt, c -> {});
    }

    /**
     * A new QUEUED job, unless {@code quota} refuses (by throwing) the student's counts; returns its id. The
     * counts and the insert happen under the student's admission lock for the queue, so two requests at once,
     * on one server or two, cannot both take the last place.
     */
    long insertWithinQuota(long userId, String labId, String exerciseId, String kind, String specJson,
                           Instant requestedAt, long estimatedPeakBytes, Duration wallTime, Instant countSince, Consumer<Counts> quota) {
        return jdbi.inTransaction(h -> {
            AdmissionLock.take(h, "jobs", userId);
            quota.accept(counts(h, userId, countSince));
            return h.createUpdate("INSERT INTO jobs (user_id, lab_id, exercise_id, kind, spec, state,"
                            + " requested_at, estimated_peak_bytes, wall_time_seconds, infra_failure)"
                            + " VALUES (:user, :lab, :exercise, :kind, :spec, 'QUEUED', :at, :estimate, :wall, FALSE)")
                    .bind("user", userId).bind("lab", labId).bind("exercise", exerciseId).bind("kind", kind)
                    .bind("spec", specJson).bind("at", odt(requestedAt)).bind("estimate", estimatedPeakBytes)
                    .bind("wall", wallTime.toSeconds())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        });
    }

    public Optional<Job> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id).map(JOB).findOne());
    }

    public Optional<String> spec(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT spec FROM jobs WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    /** Newest first. */
    public List<Job> byUser(long userId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE user_id = :u ORDER BY id DESC LIMIT :n")
                .bind("u", userId).bind("n", limit).map(JOB).list());
    }

    /** Newest first; {@code state} null for every state. */
    public List<Job> all(JobState state, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM jobs" + (state == null ? "" : " WHERE state = :state")
                    + " ORDER BY id DESC LIMIT :n").bind("n", limit);
            if (state != null) q.bind("state", state.name());
            return q.map(JOB).list();
        });
    }

    public List<Job> inState(JobState state) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE state = :s ORDER BY id")
                .bind("s", state.name()).map(JobStore.JOB).list());
    }

    /** Everything the scheduler ranks by, in one query: queued and running jobs and recently finished ones. */
    public List<Job> schedulerView(Instant finishedSince) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE state IN ('QUEUED', 'RUNNING')"
                        + " OR (finished_at > :since AND state <> 'CANCELLED' AND infra_failure = FALSE)")
                .bind("since", odt(finishedSince)).map(JOB).list());
    }

    /** A student's jobs that count against the quotas: queued, running, and chargeable ones requested since. */
    public record Counts(int queued, int running, int requestedSince) {}

    public Counts counts(long userId, Instant since) {
        return jdbi.withHandle(h -> counts(h, userId, since));
    }

    private static Counts counts(Handle h, long userId, Instant since) {
        return h.createQuery("SELECT"
                        + " SUM(CASE WHEN state = 'QUEUED' THEN 1 ELSE 0 END) AS queued,"
                        + " SUM(CASE WHEN state = 'RUNNING' THEN 1 ELSE 0 END) AS running,"
                        + " SUM(CASE WHEN requested_at > :since AND state <> 'CANCELLED' AND infra_failure = FALSE THEN 1 ELSE 0 END) AS recent"
                        + " FROM jobs WHERE user_id = :u")
                .bind("u", userId).bind("since", odt(since))
                .map((rs, c) -> new Counts(rs.getInt("queued"), rs.getInt("running"), rs.getInt("recent"))).one();
    }

    /** How many jobs are in each state (states with none left out). */
    public Map<JobState, Integer> countByState() {
        Map<JobState, Integer> n = new EnumMap<>(JobState.class);
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
                .map((rs, c) -> n.put(JobState.valueOf(rs.getString("state")), rs.getInt("n"))).list());
        return n;
    }

    /** QUEUED -> RUNNING; false when another scheduler or a cancel got there first. */
    boolean markRunning(long id, String executor, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET state = 'RUNNING', started_at = :now, executor = :ex"
                        + " WHERE id = :id AND state = 'QUEUED'")
                .bind("now", odt(now)).bind("ex", executor).bind("id", id).execute()) == 1;
    }

    void setHandle(long id, String handle) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE jobs SET executor_handle = :handle WHERE id = :id")
                .bind("handle", handle).bind("id", id).execute());
    }

    /** RUNNING (or QUEUED) -> an ending; false when it had already ended. */
    boolean finish(long id, JobState state, Instant now, String reason, Long peakBytes, boolean infra) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET state = :state, finished_at = :now, exit_reason = :reason,"
                        + " measured_peak_bytes = :peak, infra_failure = :infra WHERE id = :id AND state IN ('QUEUED', 'RUNNING')")
                .bind("state", state.name()).bind("now", odt(now)).bind("reason", clip(reason))
                .bind("peak", peakBytes).bind("infra", infra).bind("id", id).execute()) == 1;
    }

    /** QUEUED -> CANCELLED in one step; false when it was no longer queued. */
    boolean cancelQueued(long id, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET state = 'CANCELLED', finished_at = :now,"
                        + " exit_reason = 'cancelled before it started' WHERE id = :id AND state = 'QUEUED'")
                .bind("now", odt(now)).bind("id", id).execute()) == 1;
    }

    /** Records the ending a stop asks for (CANCELLED, TIMED_OUT) on a running job; the first request wins. */
    boolean requestStop(long id, JobState ending) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET stop_requested = :s WHERE id = :id AND state = 'RUNNING' AND stop_requested IS NULL")
                .bind("s", ending.name()).bind("id", id).execute()) == 1;
    }

    public boolean markGraded(long id, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET graded_at = :at WHERE id = :id")
                .bind("at", odt(at)).bind("id", id).execute()) == 1;
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_REASON ? s : "..." + s.substring(s.length() - MAX_REASON + 3);
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
