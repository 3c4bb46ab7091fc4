package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Regrade requests: a student asks about one of their own submissions with a reason (one open request per
 * submission); an instructor answers, and may regrade the submission with the current key as they do.
 * A student reads only their own requests.
 */
public final class RegradeRequests {
    public static final int MAX_CHARS = 2000;
    private static final String COLUMNS = "r.id, r.submission_id, r.user_id, s.lab_id, s.exercise_id, r.reason, r.asked_at, r.answer, "
            + "r.answered_by, r.answered_at, r.regraded";

    private final Jdbi jdbi;
    private final SubmissionService submissions;
    private final Clock clock;

    public RegradeRequests(Jdbi jdbi, SubmissionService submissions, Clock clock) {
        this.jdbi = jdbi;
        this.submissions = submissions;
        this.clock = clock;
    }

    /**
     * Records the viewer's request about their own submission.
     * @throws NoSuchElementException for a submission that is not the viewer's (or none)
     * @throws IllegalArgumentException for an empty or long reason, or a request already open for it
     */
    public RegradeRequest ask(Viewer viewer, long submissionId, String reason) {
        Submission s = submissions.store().find(submissionId).filter(x -> x.userId() == viewer.userId())
                .orElseThrow(() -> new NoSuchElementException("no submission " + submissionId + " of yours"));
        String text = reason == null ? "" : reason.strip();
        if (text.isEmpty()) throw new IllegalArgumentException("say why the submission should be looked at again");
        if (text.length() > MAX_CHARS) throw new IllegalArgumentException("the reason is " + text.length() + " characters long; at most " + MAX_CHARS);
        if (ofSubmission(s.id()).stream().anyMatch(RegradeRequest::open)) {
            throw new IllegalArgumentException("a request about this submission is already waiting for an answer");
        }
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO regrade_requests (submission_id, user_id, reason, asked_at) VALUES (:s, :u, :r, :t)")
                .bind("s", s.id()).bind("u", viewer.userId()).bind("r", text).bind("t", now())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return find(id).orElseThrow();
    }

    /**
     * The instructor's answer to a request about a submission of lab {@code labId}; with {@code regrade}, the
     * submission is graded again with the current key first.
     * @throws IllegalArgumentException for an empty or long answer
     */
    public RegradeRequest answer(Viewer viewer, String labId, long requestId, String answer, boolean regrade) throws IOException {
        SubmissionService.requireInstructor(viewer);
        RegradeRequest r = find(requestId).filter(x -> x.labId().equals(labId))
                .orElseThrow(() -> new NoSuchElementException("no regrade request " + requestId + " in lab " + labId));
        String text = answer == null ? "" : answer.strip();
        if (text.isEmpty()) throw new IllegalArgumentException("write an answer for the student");
        if (text.length() > MAX_CHARS) throw new IllegalArgumentException("the answer is " + text.length() + " characters long; at most " + MAX_CHARS);
        if (regrade) submissions.regrade(viewer, r.submissionId());
        jdbi.useHandle(h -> h.createUpdate("UPDATE regrade_requests SET answer = :a, answered_by = :by, answered_at = :t, regraded = :g WHERE id = :id")
                .bind("a", text).bind("by", viewer.userId()).bind("t", now()).bind("g", regrade).bind("id", requestId).execute());
        return find(requestId).orElseThrow();
    }

    /** The viewer's own requests, newest first. */
    public List<RegradeRequest> mine(Viewer viewer) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM regrade_requests r JOIN submissions s ON s.id = r.submission_id "
                + "WHERE r.user_id = :u ORDER BY r.asked_at DESC, r.id DESC").bind("u", viewer.userId()).map(RegradeRequests::map).list());
    }

    /** Every request about a lab's submissions, open ones first, then newest first (instructors). */
    public List<RegradeRequest> ofLab(Viewer viewer, String labId) {
        SubmissionService.requireInstructor(viewer);
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM regrade_requests r JOIN submissions s ON s.id = r.submission_id "
                        + "WHERE s.lab_id = :l ORDER BY CASE WHEN r.answer IS NULL THEN 0 ELSE 1 END, r.asked_at DESC, r.id DESC")
                .bind("l", labId).map(RegradeRequests::map).list());
    }

    private List<RegradeRequest> ofSubmission(long submissionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM regrade_requests r JOIN submissions s ON s.id = r.submission_id "
                + "WHERE r.submission_id = :s").bind("s", submissionId).map(RegradeRequests::map).list());
    }

    private java.util.Optional<RegradeRequest> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM regrade_requests r JOIN submissions s ON s.id = r.submission_id "
                + "WHERE r.id = :id").bind("id", id).map(RegradeRequests::map).findOne());
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static RegradeRequest map(ResultSet rs, StatementContext ctx) throws SQLException {
        long by = rs.getLong("answered_by");
        Long answeredBy = rs.wasNull() ? null : by;
        OffsetDateTime answeredAt = rs.getObject("answered_at", OffsetDateTime.class);
        return new RegradeRequest(rs.getLong("id"), rs.getLong("submission_id"), rs.getLong("user_id"), rs.getString("lab_id"),
                rs.getString("exercise_id"), rs.getString("reason"), rs.getObject("asked_at", OffsetDateTime.class).toInstant(),
                rs.getString("answer"), answeredBy, answeredAt == null ? null : answeredAt.toInstant(), rs.getBoolean("regraded"));
    }
}
