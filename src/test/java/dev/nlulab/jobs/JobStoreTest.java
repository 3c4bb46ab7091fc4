package dev.nlulab.jobs;

import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs table and the lease on H2 and, when bin/test started it, PostgreSQL. */
class JobStoreTest {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void aJobGoesThroughItsStatesOnceOnEveryDatabase() {
        for (Database db : TestDatabases.all()) {
            try (JobsFixture f = new JobsFixture(db, Map.of())) {
                long u = f.student("ada");
                JobStore store = new JobStore(db);
                long id = store.insert(u, "lab1", "ex1", "test-sleep", "{\"seconds\":1}", T0, 5L << 30, Duration.ofMinutes(30));
                Job j = store.find(id).orElseThrow();
                assertThat(j.state()).isEqualTo(JobState.QUEUED);
                assertThat(j.requestedAt()).isEqualTo(T0);
                assertThat(j.estimatedPeakBytes()).isEqualTo(5L << 30);
                assertThat(j.wallTimeLimit()).isEqualTo(Duration.ofMinutes(30));
                assertThat(store.spec(id)).contains("{\"seconds\":1}");

                assertThat(store.markRunning(id, "local", T0.plusSeconds(5))).isTrue();
                assertThat(store.markRunning(id, "local", T0.plusSeconds(6))).as("never started twice").isFalse();
                store.setHandle(id, "4242");
                assertThat(store.cancelQueued(id, T0)).isFalse();
                assertThat(store.requestStop(id, JobState.TIMED_OUT)).isTrue();
                assertThat(store.requestStop(id, JobState.CANCELLED)).as("the first stop wins").isFalse();
                assertThat(store.finish(id, JobState.TIMED_OUT, T0.plusSeconds(65), "over", 123L, false)).isTrue();
                assertThat(store.finish(id, JobState.FAILED, T0.plusSeconds(70), "again", null, false)).isFalse();

                j = store.find(id).orElseThrow();
                assertThat(j.state()).isEqualTo(JobState.TIMED_OUT);
                assertThat(j.handle()).isEqualTo("4242");
                assertThat(j.stopRequested()).isEqualTo(JobState.TIMED_OUT);
                assertThat(j.measuredPeakBytes()).isEqualTo(123L);
                assertThat(j.heldSeconds(T0.plusSeconds(999))).isEqualTo(60.0);
                assertThat(store.schedulerView(T0)).extracting(Job::id).containsExactly(id);
                assertThat(store.schedulerView(T0.plusSeconds(100))).isEmpty();
            }
        }
    }

    @Test
    void quotaCountsLeaveOutCancelledAndInfrastructureFailedJobs() {
        for (Database db : TestDatabases.all()) {
            try (JobsFixture f = new JobsFixture(db, Map.of())) {
                long u = f.student("bo");
                JobStore store = new JobStore(db);
                long[] ids = new long[5];
                for (int i = 0; i < 5; i++) ids[i] = store.insert(u, "lab1", "ex1", "test-sleep", "{}", T0.plusSeconds(i), 1, Duration.ofMinutes(1));
                store.cancelQueued(ids[0], T0);
                store.markRunning(ids[1], "local", T0);
                store.markRunning(ids[2], "local", T0);
                store.finish(ids[2], JobState.FAILED, T0, "sbatch failed", null, true);
                assertThat(store.counts(u, T0.minusSeconds(1))).isEqualTo(new JobStore.Counts(2, 1, 3));
            }
        }
    }

    @Test
    void oneSchedulerLeadsAndAnotherTakesOverWhenItsLeaseExpires() {
        for (Database db : TestDatabases.all()) {
            try (JobsFixture f = new JobsFixture(db, Map.of())) {
                SchedulerLease a = new SchedulerLease(db, "server-a", Duration.ofSeconds(15), f.clock);
                SchedulerLease b = new SchedulerLease(db, "server-b", Duration.ofSeconds(15), f.clock);
                assertThat(a.tryAcquire()).isTrue();
                assertThat(b.tryAcquire()).isFalse();
                f.clock.advance(Duration.ofSeconds(10));
                assertThat(a.tryAcquire()).as("renewed").isTrue();
                f.clock.advance(Duration.ofSeconds(10));
                assertThat(b.tryAcquire()).as("a renewed 10 s ago").isFalse();
                f.clock.advance(Duration.ofSeconds(6)); // a stopped renewing: its lease ran out
                assertThat(b.tryAcquire()).isTrue();
                assertThat(a.tryAcquire()).isFalse();
                b.release();
                assertThat(a.tryAcquire()).as("a released lease is free at once").isTrue();
            }
        }
    }
}
