package dev.nlulab.store;

import org.jdbi.v3.core.Handle;

/**
 * Serialises the admission decisions of one student in one scope (an exercise's submissions, the job queue)
 * across every server on the database: a row of {@code admission_locks} held FOR UPDATE until the caller's
 * transaction ends. A lock in one JVM would let two servers both admit the last attempt.
 */
public final class AdmissionLock {
    private AdmissionLock() {}

    /** Takes the lock inside {@code h}'s transaction, making its row on first use. */
    public static void take(Handle h, String scope, long userId) {
        if (!h.isInTransaction()) throw new IllegalStateException("an admission lock is held by a transaction; open one first");
        // a concurrent first use waits on the unique key here, then finds the row the other one made
        h.createUpdate("INSERT INTO admission_locks (scope, user_id) VALUES (:s, :u) ON CONFLICT DO NOTHING")
                .bind("s", scope).bind("u", userId).execute();
        h.createQuery("SELECT user_id FROM admission_locks WHERE scope = :s AND user_id = :u FOR UPDATE")
                .bind("s", scope).bind("u", userId).mapTo(Long.class).one();
    }
}
