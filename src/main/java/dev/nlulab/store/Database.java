package dev.nlulab.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nlulab.config.Settings;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;

/** The one connection pool, migrated by Flyway on open, used through Jdbi. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** How long a request waits for a connection before it fails (with a 503 page): a restarting database's outage. */
    static final long DEFAULT_WAIT_MS = 10_000;

    public static Database open(Settings settings) {
        return open(settings.dbUrl(), settings.get("db.user"), settings.get("db.password"), settings.getInt("db.pool.size"),
                settings.getInt("db.wait.ms"));
    }

    public static Database open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, DEFAULT_WAIT_MS);
    }

    /**
     * A pool that survives the database's restart: HikariCP checks a connection that sat idle before lending it and
     * drops a broken one, so after an outage new connections are made; while it lasts, a request waits at most
     * {@code waitMs} for one. The pool starts even if the database is down at that moment (Flyway's migration then fails).
     */
    public static Database open(String url, String user, String password, int poolSize, long waitMs) {
        HikariConfig cfg = new HikariConfig();
        cfg.setConnectionTimeout(waitMs);
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("nlulab");
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    public Jdbi jdbi() { return jdbi; }

    public DataSource dataSource() { return dataSource; }

    public boolean isPostgres() { return dataSource.getJdbcUrl().startsWith("jdbc:postgresql:"); }

    /** True when a trivial query answers: what /healthz reports. */
    public boolean reachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() { dataSource.close(); }
}
