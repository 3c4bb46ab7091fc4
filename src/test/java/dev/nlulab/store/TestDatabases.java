package dev.nlulab.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases storage tests run against: a fresh in-memory H2 in PostgreSQL mode always, and the
 * private PostgreSQL that bin/test starts (system property nlulab.test.pg.url) when it is there.
 */
public final class TestDatabases {
    private TestDatabases() {}

    public static Database h2() {
        return Database.open(h2Url(), "sa", "", 4);
    }

    /** The address of a fresh in-memory H2 (user "sa", no password) that lives as long as the JVM. */
    public static String h2Url() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    }

    /** A PostgreSQL database with a fresh schema, or null when no server was given. */
    public static Database postgresOrNull() {
        String url = postgresUrlOrNull();
        return url == null ? null : Database.open(url, "nlulab", "nlulab", 4);
    }

    /**
     * The address of a fresh, empty schema on the PostgreSQL that bin/test starts (user and password "nlulab"),
     * or null when no server was given: for tests that start whole servers on one database.
     */
    public static String postgresUrlOrNull() {
        String url = System.getProperty("nlulab.test.pg.url", "");
        if (url.isBlank()) return null;
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = java.sql.DriverManager.getConnection(url, "nlulab", "nlulab"); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " is not reachable: " + e.getMessage(), e);
        }
        String sep = url.contains("?") ? "&" : "?";
        return url + sep + "currentSchema=" + schema;
    }

    /** Both databases when PostgreSQL is configured, else H2 alone. */
    public static List<Database> all() {
        List<Database> dbs = new ArrayList<>();
        dbs.add(h2());
        Database pg = postgresOrNull();
        if (pg != null) dbs.add(pg);
        return dbs;
    }
}
