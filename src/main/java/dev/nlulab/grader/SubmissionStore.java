package dev.nlulab.grader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.store.AdmissionLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The SQL of the submissions and extensions tables. */
final class SubmissionStore {
    private static final String COLUMNS = "id, user_id, lab_id, exercise_id, kind, file_path, job_id, status, public_score, "
            + "private_score, overall_score, submitted_at, graded_at, late, chosen_final, message, reported_scores";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Score>> REPORTED = new TypeReference<>() {};

    /** Later than any submission: the end of "in all". */
    static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");

    private final Jdbi jdbi;
    /** Results, final choices and extensions written through this store, counted after each is committed. */
    private final AtomicLong changes = new AtomicLong();

    SubmissionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A student's attempts at an exercise: graded submissions and pending ones, which hold theirs until they end. */
    record Used(int today, int total, int pending) {}

    /**
     * Records a PENDING submission unless {@code limits} refuses (by throwing) what the student has used. The count
     * and the insert happen under the student's admission lock for the exercise, so that two uploads at once, on one
     * server or two, cannot both take the last attempt.
     */
    long admit(long userId, String labId, String exerciseId, String kind, Long jobId, Instant at, boolean late,
               Instant dayFrom, Instant dayTo, Consumer<Used> limits) {
        return jdbi.inTransaction(h -> {
            AdmissionLock.take(h, scope(labId, exerciseId), userId);
            limits.accept(new Used(countAttempts(h, userId, labId, exerciseId, dayFrom, dayTo),
                    countAttempts(h, userId, labId, exerciseId, Instant.EPOCH, END_OF_TIME),
                    h.createQuery("SELECT COUNT(*) FROM submissions WHERE user_id = :u AND lab_id = :l AND exercise_id = :e "
                                    + "AND status = 'PENDING'")
                            .bind("u", userId).bind("l", labId).bind("e", exerciseId).mapTo(Integer.class).one()));
            return insertPending(h, userId, labId, exerciseId, kind, jobId, at, late);
        });
    }

    /** A PENDING submission whatever the limits (made-up classes for benchmarks); the server admits through {@link #admit}. */
    long insertPending(long userId, String labId, String exerciseId, String kind, Long jobId, Instant at, boolean late) {
        return jdbi.withHandle(h -> insertPending(h, userId, labId, exerciseId, kind, jobId, at, late));
    }

    private static long insertPending(Handle h, long userId, String labId, String exerciseId, String kind, Long jobId, Instant at, boolean late) {
        return h.createUpdate("INSERT INTO submissions (user_id, lab_id, exercise_id, kind, job_id, status, "
                        + "submitted_at, late, chosen_final) VALUES (:u, :l, :e, :k, :j, 'PENDING', :at, :late, FALSE)")
                .bind("u", userId).bind("l", labId).bind("e", exerciseId).bind("k", kind).bind("j", jobId)
                .bind("at", utc(at)).bind("late", late)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static String scope(String labId, String exerciseId) {
        return "submissions/" + labId + "/" + exerciseId;
    }

    void setFile(long id, String path) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE submissions SET file_path = :p WHERE id = :id").bind("p", path).bind("id", id).execute());
    }

    /** Replaces a submission's result (a regrade). */
    void setResult(long id, SubmissionStatus status, Score score, Map<String, Score> reported, Instant gradedAt, String message) {
        jdbi.useHandle(h -> result(h, id, status, score, reported, gradedAt, message, false));
        changes.incrementAndGet();
    }

    /**
     * How many times a result, a final choice or an extension was written through this store (on this
     * server): what was read from the database before this number moved may be out of date.
     */
    long changes() {
        return changes.get();
    }

    /**
     * The first result of a pending submission; false when it had one already (two servers grading what a
     * killed one left: the first to finish wins, and both found the same).
     */
    boolean finish(long id, SubmissionStatus status, Instant gradedAt, String message) {
        boolean first = jdbi.withHandle(h -> result(h, id, status, null, Map.of(), gradedAt, message, true)) == 1;
        changes.incrementAndGet();
        return first;
    }

    /** What became of a pending submission that was graded. */
    enum Graded { GRADED, OVER_LIMIT, ALREADY_DONE }

    /**
     * Records a pending submission as graded unless the student's graded submissions (of the day it was
     * submitted, and in all) already reach the limits; then it is recorded not gradable with {@code overLimit}
     * as the reason (admission holds an attempt for each pending submission, so this happens only when the
     * limits were lowered meanwhile). Under the same lock as admission.
     */
    Graded finishGraded(Submission s, Score score, Map<String, Score> reported, Instant gradedAt, Instant dayFrom, Instant dayTo,
                        int dailyLimit, int totalLimit, Function<Boolean, String> overLimit) {
        Graded graded = jdbi.inTransaction(h -> {
            AdmissionLock.take(h, scope(s.labId(), s.exerciseId()), s.userId());
            String status = h.createQuery("SELECT status FROM submissions WHERE id = :id").bind("id", s.id()).mapTo(String.class).one();
            if (SubmissionStatus.valueOf(status) != SubmissionStatus.PENDING) return Graded.ALREADY_DONE;
            int today = countGraded(h, s, dayFrom, dayTo);
            int total = countGraded(h, s, Instant.EPOCH, END_OF_TIME);
            if (today >= dailyLimit || total >= totalLimit) {
                result(h, s.id(), SubmissionStatus.NOT_GRADABLE, null, Map.of(), gradedAt, overLimit.apply(total >= totalLimit), true);
                return Graded.OVER_LIMIT;
            }
            result(h, s.id(), SubmissionStatus.GRADED, score, reported, gradedAt, null, true);
            return Graded.GRADED;
        });
        changes.incrementAndGet();
        return graded;
    }

    private static int countGraded(Handle h, Submission s, Instant from, Instant to) {
        return h.createQuery("SELECT COUNT(*) FROM submissions WHERE user_id = :u AND lab_id = :l AND exercise_id = :e "
                        + "AND status = 'GRADED' AND submitted_at >= :from AND submitted_at < :to")
                .bind("u", s.userId()).bind("l", s.labId()).bind("e", s.exerciseId()).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Integer.class).one();
    }

    private static int result(Handle h, long id, SubmissionStatus status, Score score, Map<String, Score> reported, Instant gradedAt,
                              String message, boolean onlyPending) {
        return h.createUpdate("UPDATE submissions SET status = :s, public_score = :pub, private_score = :priv, "
                        + "overall_score = :all, reported_scores = :rep, graded_at = :at, message = :m WHERE id = :id"
                        + (onlyPending ? " AND status = 'PENDING'" : ""))
                .bind("s", status.name())
                .bind("pub", score == null ? null : score.publicScore())
                .bind("priv", score == null ? null : score.privateScore())
                .bind("all", score == null ? null : score.overall())
                .bind("rep", reported.isEmpty() ? null : json(reported))
                .bind("at", utc(gradedAt)).bind("m", message).bind("id", id).execute();
    }

    /** Forgets a submission's file (an unreadable upload is not kept). */
    void clearFile(long id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE submissions SET file_path = NULL WHERE id = :id").bind("id", id).execute());
    }

    /** Every pending submission of a kind ("predictions" or "job"), oldest first. */
    List<Submission> pending(String kind) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM submissions WHERE status = 'PENDING' AND kind = :k ORDER BY id")
                .bind("k", kind).map(SubmissionStore::map).list());
    }

    /** Pending submissions by kind (predictions, job): uploads being graded and jobs not yet ended. */
    Map<String, Integer> pendingByKind() {
        Map<String, Integer> n = new LinkedHashMap<>(Map.of("predictions", 0, "job", 0));
        jdbi.useHandle(h -> h.createQuery("SELECT kind, COUNT(*) AS n FROM submissions WHERE status = 'PENDING' GROUP BY kind")
                .map((rs, c) -> n.put(rs.getString("kind"), rs.getInt("n"))).list());
        return n;
    }

    /** When each of a student's unreadable uploads after {@code since} came, oldest first. */
    List<Instant> invalidSince(long userId, Instant since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT submitted_at FROM submissions WHERE user_id = :u AND status = 'INVALID' "
                        + "AND submitted_at > :since ORDER BY submitted_at")
                .bind("u", userId).bind("since", utc(since)).map((rs, ctx) -> instant(rs, "submitted_at")).list());
    }

    Optional<Submission> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM submissions WHERE id = :id")
                .bind("id", id).map(SubmissionStore::map).findOne());
    }

    Optional<Submission> findByJob(long jobId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM submissions WHERE job_id = :j")
                .bind("j", jobId).map(SubmissionStore::map).findOne());
    }

    /** A student's submissions to an exercise, oldest first. */
    List<Submission> ofStudent(long userId, String labId, String exerciseId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM submissions WHERE user_id = :u AND lab_id = :l "
                        + "AND exercise_id = :e ORDER BY submitted_at, id")
                .bind("u", userId).bind("l", labId).bind("e", exerciseId).map(SubmissionStore::map).list());
    }

    /** Every submission to an exercise (optionally only graded ones), oldest first. */
    List<Submission> ofExercise(String labId, String exerciseId, boolean gradedOnly) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM submissions WHERE lab_id = :l AND exercise_id = :e"
                        + (gradedOnly ? " AND status = 'GRADED'" : "") + " ORDER BY submitted_at, id")
                .bind("l", labId).bind("e", exerciseId).map(SubmissionStore::map).list());
    }

    /**
     * Submissions that count as attempts in [from, to): graded ones, and pending ones (an upload being graded, a job
     * queued or running), each of which holds its attempt until it ends, so that admission never lets in more than
     * could count. An unreadable file or a failed job gives its attempt back.
     */
    int countAttempts(long userId, String labId, String exerciseId, Instant from, Instant to) {
        return jdbi.withHandle(h -> countAttempts(h, userId, labId, exerciseId, from, to));
    }

    private static int countAttempts(Handle h, long userId, String labId, String exerciseId, Instant from, Instant to) {
        return h.createQuery("SELECT COUNT(*) FROM submissions WHERE user_id = :u AND lab_id = :l "
                        + "AND exercise_id = :e AND status IN ('GRADED', 'PENDING') "
                        + "AND submitted_at >= :from AND submitted_at < :to")
                .bind("u", userId).bind("l", labId).bind("e", exerciseId).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Integer.class).one();
    }

    Map<Long, Instant> lastSubmitted(Collection<Long> userIds) {
        record Last(long userId, Instant at) {}
        return jdbi.withHandle(h -> h.createQuery("SELECT user_id, MAX(submitted_at) AS last FROM submissions WHERE user_id IN (<ids>) GROUP BY user_id")
                .bindList("ids", List.copyOf(userIds))
                .map((rs, ctx) -> new Last(rs.getLong("user_id"), instant(rs, "last"))).list())
                .stream().collect(Collectors.toMap(Last::userId, Last::at));
    }

    void chooseFinal(long userId, String labId, String exerciseId, long submissionId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE submissions SET chosen_final = FALSE WHERE user_id = :u AND lab_id = :l AND exercise_id = :e")
                    .bind("u", userId).bind("l", labId).bind("e", exerciseId).execute();
            h.createUpdate("UPDATE submissions SET chosen_final = TRUE WHERE id = :id").bind("id", submissionId).execute();
        });
        changes.incrementAndGet();
    }

    void putExtension(long userId, String labId, String exerciseId, Instant newDeadline) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM extensions WHERE user_id = :u AND lab_id = :l AND exercise_id = :e")
                    .bind("u", userId).bind("l", labId).bind("e", exerciseId).execute();
            h.createUpdate("INSERT INTO extensions (user_id, lab_id, exercise_id, new_deadline) VALUES (:u, :l, :e, :d)")
                    .bind("u", userId).bind("l", labId).bind("e", exerciseId).bind("d", utc(newDeadline)).execute();
        });
        changes.incrementAndGet();
    }

    Optional<Instant> extension(long userId, String labId, String exerciseId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT new_deadline FROM extensions WHERE user_id = :u AND lab_id = :l AND exercise_id = :e")
                .bind("u", userId).bind("l", labId).bind("e", exerciseId)
                .map((rs, ctx) -> instant(rs, "new_deadline")).findOne());
    }

    List<SubmissionService.Extension> extensions(String labId, String exerciseId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_id, new_deadline FROM extensions WHERE lab_id = :l AND exercise_id = :e "
                        + "ORDER BY new_deadline, user_id")
                .bind("l", labId).bind("e", exerciseId)
                .map((rs, ctx) -> new SubmissionService.Extension(rs.getLong("user_id"), instant(rs, "new_deadline"))).list());
    }

    /** The latest extension granted for an exercise, if any: private scores stay hidden until it passes. */
    Optional<Instant> latestExtension(String labId, String exerciseId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT new_deadline FROM extensions WHERE lab_id = :l AND exercise_id = :e "
                        + "ORDER BY new_deadline DESC")
                .bind("l", labId).bind("e", exerciseId).map((rs, ctx) -> instant(rs, "new_deadline")).findFirst());
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Submission map(ResultSet rs, StatementContext ctx) throws SQLException {
        long job = rs.getLong("job_id");
        Long jobId = rs.wasNull() ? null : job;
        return new Submission(rs.getLong("id"), rs.getLong("user_id"), rs.getString("lab_id"), rs.getString("exercise_id"),
                rs.getString("kind"), rs.getString("file_path"), jobId, SubmissionStatus.valueOf(rs.getString("status")),
                nullableDouble(rs, "public_score"), nullableDouble(rs, "private_score"), nullableDouble(rs, "overall_score"),
                instant(rs, "submitted_at"), instant(rs, "graded_at"), rs.getBoolean("late"), rs.getBoolean("chosen_final"),
                rs.getString("message"), reported(rs.getString("reported_scores")));
    }

    private static String json(Map<String, Score> reported) {
        try {
            return JSON.writeValueAsString(reported);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write scores as JSON", e);
        }
    }

    private static Map<String, Score> reported(String json) {
        if (json == null) return Map.of();
        try {
            return JSON.readValue(json, REPORTED);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reported_scores is not the JSON this code writes: " + e.getOriginalMessage(), e);
        }
    }
}
