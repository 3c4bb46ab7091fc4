package dev.nlulab.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.nlulab.jobs.JobsFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Slurm executor against a real single-node Slurm with a fake GPU, started by
 * src/test/resources/slurm/start-slurm.sh; runs when -Dnlulab.test.slurm.conf (or SLURM_CONF) names it.
 */
class SlurmExecutorTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    String conf;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void needsSlurm() {
        conf = System.getProperty("nlulab.test.slurm.conf", "");
        if (conf.isBlank()) conf = System.getenv().getOrDefault("SLURM_CONF", "");
        assumeTrue(!conf.isBlank(), "no Slurm: start one with src/test/resources/slurm/start-slurm.sh and pass -Dnlulab.test.slurm.conf");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    JobService service(JobsFixture f) {
        JobService s = f.service(new SlurmExecutor(f.settings), "slurm-test");
        open.add(0, s);
        return s;
    }

    JobsFixture fixture(Map<String, String> more) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("executor", "slurm", "slurm.conf", conf, "slurm.command.timeout.seconds", "5"));
        m.putAll(more);
        JobsFixture f = new JobsFixture(m);
        open.add(f);
        return f;
    }

    @Test
    void aJobRunsAsASlurmBatchJobWithAGpuAndFinishes() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f);
        Job j = s.submit(request(f.student("sl"), "test-steps", "{\"steps\": 3}"));
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).as(done.exitReason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.executor()).isEqualTo("slurm");
        assertThat(done.handle()).matches("\\d+");
        assertThat(done.measuredPeakBytes()).isGreaterThan(1L << 20);
        Path dir = s.jobDir(j.id());
        assertThat(Files.readString(dir.resolve(SlurmExecutor.SCRIPT))).contains("#SBATCH --gres=gpu:1", "#SBATCH --time=1:00:00",
                "#SBATCH --mem=1088M", "#SBATCH --job-name=nlulab-" + j.id(), "#SBATCH --output=" + dir.resolve(JobFiles.LOG));
        assertThat(Files.readAllLines(dir.resolve(JobFiles.PREDICTIONS))).hasSize(3);
        assertThat(s.logTail(j.id(), 5)).contains("test-steps finished");
    }

    @Test
    void aRunningSlurmJobIsCancelledWithScancel() throws Exception {
        JobsFixture f = fixture(Map.of());
        JobService s = service(f);
        Job j = s.submit(request(f.student("sc"), "test-sleep", "{\"seconds\": 120}"));
        f.tickUntil(s, WAIT, () -> s.logTail(j.id(), 5).contains("sleeping"));
        assertThat(s.cancel(j.id())).isTrue();
        f.tickUntil(s, WAIT, () -> f.state(s, j.id()).isFinal());
        assertThat(f.state(s, j.id())).isEqualTo(JobState.CANCELLED);
        String state = new SlurmExecutor(f.settings).slurmState(s.find(j.id()).orElseThrow().handle());
        assertThat(state).isEqualTo("CANCELLED");
    }

    @Test
    void aBadPartitionIsAClearInfrastructureFailure() throws Exception {
        JobsFixture f = fixture(Map.of("slurm.partition", "nosuchpartition"));
        JobService s = service(f);
        Job j = s.submit(request(f.student("bp"), "test-steps", "{\"steps\": 1}"));
        s.tick();
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.infraFailure()).isTrue();
        assertThat(done.exitReason()).contains("sbatch failed", "partition");
    }

    @Test
    void slurmDownFailsTheJobInsteadOfHanging() throws Exception {
        Path dead = Files.createTempDirectory("slurm-down").resolve("slurm.conf");
        Files.writeString(dead, Files.readString(Path.of(conf)).replaceAll("SlurmctldPort=\\d+", "SlurmctldPort=1"));
        Files.copy(Path.of(conf).resolveSibling("gres.conf"), dead.resolveSibling("gres.conf"));
        JobsFixture f = fixture(Map.of("slurm.conf", dead.toString(), "slurm.command.timeout.seconds", "3"));
        JobService s = service(f);
        Job j = s.submit(request(f.student("sd"), "test-steps", "{\"steps\": 1}"));
        long t = System.nanoTime();
        s.tick();
        assertThat((System.nanoTime() - t) / 1e9).isLessThan(10);
        Job done = s.find(j.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.infraFailure()).isTrue();
        assertThat(done.exitReason()).containsAnyOf("sbatch failed", "did not answer");
    }
}
