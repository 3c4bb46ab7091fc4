package dev.nlulab.grader;

import org.jdbi.v3.core.Jdbi;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the writeups table: one Markdown text per submission that came with one. */
final class WriteupStore {
    private final Jdbi jdbi;

    WriteupStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void put(long submissionId, String markdown) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO writeups (submission_id, markdown) VALUES (:s, :m)")
                .bind("s", submissionId).bind("m", markdown).execute());
    }

    Optional<String> of(long submissionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT markdown FROM writeups WHERE submission_id = :s")
                .bind("s", submissionId).mapTo(String.class).findOne());
    }

    /** The write-ups of these submissions, by submission id; those without one are left out. */
    Map<Long, String> of(Collection<Long> submissionIds) {
        Map<Long, String> out = new HashMap<>();
        if (submissionIds.isEmpty()) return out;
        jdbi.useHandle(h -> h.createQuery("SELECT submission_id, markdown FROM writeups WHERE submission_id IN (<ids>)")
                .bindList("ids", List.copyOf(submissionIds))
                .map((rs, ctx) -> Map.entry(rs.getLong("submission_id"), rs.getString("markdown")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }
}
