package dev.nlulab.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.config.Settings;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import dev.nlulab.testkit.MutableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A database with students, a data folder, settings for fast tests and a clock to move. */
final class JobsFixture implements AutoCloseable {
    final Database db;
    final Path dataDir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    Settings settings;

    JobsFixture(Database db, Map<String, String> overrides) {
        this.db = db;
        try {
            dataDir = Files.createTempDirectory("nlulab-jobs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings = Settings.of(Map.of("data.dir", dataDir.toString(), "cpu.slots", "1", "jobs.tick.ms", "100",
                "jobs.cancel.grace.seconds", "2", "jobs.max.queued.per.student", "30", "jobs.max.running.per.student", "1",
                "jobs.jvm.options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")); // test jobs start sooner
        for (var e : overrides.entrySet()) settings = settings.with(e.getKey(), e.getValue());
    }

    JobsFixture(Map<String, String> overrides) {
        this(TestDatabases.h2(), overrides);
    }

    long student(String name) {
        return db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (email, display_name, role, created_at)"
                        + " VALUES (:e, :n, 'student', :t)")
                .bind("e", name + "@example.org").bind("n", name).bind("t", OffsetDateTime.now(ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    JobService service(Executor executor, String node) {
        return new JobService(db, settings, executor, JobKinds.load(), clock, node);
    }

    LocalExecutor localExecutor() {
        return new LocalExecutor(settings);
    }

    static JsonNode spec(String json) {
        try {
            return JobFiles.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobService.JobRequest request(long user, String kind, String spec) {
        return new JobService.JobRequest(user, "lab1", "ex1", kind, spec(spec), null);
    }

    /** Ticks (advancing the clock by real time) until the condition holds or the timeout passes. */
    void tickUntil(JobService s, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            s.tick();
            if (done.getAsBoolean()) return;
            Thread.sleep(50);
            clock.advance(Duration.ofMillis(50));
        }
        throw new AssertionError("condition not met within " + timeout);
    }

    JobState state(JobService s, long id) {
        return s.find(id).orElseThrow().state();
    }

    @Override
    public void close() {
        db.close();
    }
}
