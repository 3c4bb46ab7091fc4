package dev.nlulab.grader;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The SQL of the submissions and extensions tables. */
final class SubmissionStore {
    private static final String COLUMNS = "id, user_id, lab_id, exercise_id, kind, file_path, job_id, status, public_score, "
            + "private_score, overall_score, submitted_at, graded_at, late, chosen_final, message";

    private final Jdbi jdbi;

    SubmissionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    long insertPending(long userId, String labId, String exerciseId, String kind, Long jobId, Instant at, boolean late) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO submissions (user_id, lab_id, exercise_id, kind, job_id, status, "
                        + "submitted_at, late, chosen_final) VALUES (:u, :l, :e, :k, :j, 'PENDING', :at, :late, FALSE)")
                .bind("u", userId).bind("l", labId).bind("e", exerciseId).bind("k", kind).bind("j", jobId)
                .bind("at", utc(at)).bind("late", late)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    void setFile(long id, String path) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE submissions SET file_path = :p WHERE id = :id").bind("p", path).bind("id", id).execute());
    }

    void setResult(long id, Submission.Status status, Score score, Instant gradedAt, String message) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE submissions SET status = :s, public_score = :pub, private_score = :priv, "
                        + "overall_score = :all, graded_at = :at, message = :m WHERE id = :id")
                .bind("s", status.name())
                .bind("pub", score == null ? null : score.publicScore())
                .bind("priv", score == null ? null : score.privateScore())
                .bind("all", score == null ? null : score.overall())
                .bind("at", utc(gradedAt)).bind("m", message).bind("id", id).execute());
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

    /** Submissions that count as attempts (graded, or pending and so about to be) in [from, to). */
    int countAttempts(long userId, String labId, String exerciseId, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM submissions WHERE user_id = :u AND lab_id = :l "
                        + "AND exercise_id = :e AND status IN ('GRADED', 'PENDING') AND submitted_at >= :from AND submitted_at < :to")
                .bind("u", userId).bind("l", labId).bind("e", exerciseId).bind("from", utc(from)).bind("to", utc(to))
                .mapTo(Integer.class).one());
    }

    void chooseFinal(long userId, String labId, String exerciseId, long submissionId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE submissions SET chosen_final = FALSE WHERE user_id = :u AND lab_id = :l AND exercise_id = :e")
                    .bind("u", userId).bind("l", labId).bind("e", exerciseId).execute();
            h.createUpdate("UPDATE submissions SET chosen_final = TRUE WHERE id = :id").bind("id", submissionId).execute();
        });
    }

    void putExtension(long userId, String labId, String exerciseId, Instant newDeadline) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM extensions WHERE user_id = :u AND lab_id = :l AND exercise_id = :e")
                    .bind("u", userId).bind("l", labId).bind("e", exerciseId).execute();
            h.createUpdate("INSERT INTO extensions (user_id, lab_id, exercise_id, new_deadline) VALUES (:u, :l, :e, :d)")
                    .bind("u", userId).bind("l", labId).bind("e", exerciseId).bind("d", utc(newDeadline)).execute();
        });
    }

    Optional<Instant> extension(long userId, String labId, String exerciseId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT new_deadline FROM extensions WHERE user_id = :u AND lab_id = :l AND exercise_id = :e")
                .bind("u", userId).bind("l", labId).bind("e", exerciseId)
                .map((rs, ctx) -> instant(rs, "new_deadline")).findOne());
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
                rs.getString("kind"), rs.getString("file_path"), jobId, Submission.Status.valueOf(rs.getString("status")),
                nullableDouble(rs, "public_score"), nullableDouble(rs, "private_score"), nullableDouble(rs, "overall_score"),
                instant(rs, "submitted_at"), instant(rs, "graded_at"), rs.getBoolean("late"), rs.getBoolean("chosen_final"),
                rs.getString("message"));
    }
}
