package dev.nlulab.web;

import dev.nlulab.store.DiskFull;
import io.javalin.http.HttpResponseException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Failures of what the server stands on rather than of the request or the code: the database not answering (down,
 * restarting, the pool's wait for a connection over) is 503, the data folder's disk full is 507. Each gets a page
 * that says so and that trying again later is the remedy, instead of an incident page.
 */
final class Outages {
    static final String DATABASE = "The course's database is not answering just now (it may be restarting). "
            + "Nothing from this request was saved; try again in a minute.";
    static final String DISK_FULL = "The server's disk is full, so this could not be saved. Nothing was half-saved "
            + "and an upload that failed this way costs no submission. Try again later; the operators have been told in the server's log.";

    private Outages() {}

    static Optional<HttpResponseException> of(Throwable e) {
        if (DiskFull.in(e)) return Optional.of(new HttpResponseException(507, DISK_FULL));
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (databaseUnreachable(t)) return Optional.of(new HttpResponseException(503, DATABASE));
        }
        return Optional.empty();
    }

    /**
     * The pool gave up waiting for a connection (HikariCP's SQLTransientConnectionException), or the server said the
     * connection is gone: SQLState class 08 (connection exception), or 57P01-57P03 (PostgreSQL shutting down or
     * starting up).
     */
    static boolean databaseUnreachable(Throwable t) {
        if (t instanceof SQLTransientConnectionException) return true;
        if (!(t instanceof SQLException sql) || sql.getSQLState() == null) return false;
        String state = sql.getSQLState();
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
