package dev.nlulab.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A job run in this JVM ({@code nlulab job run <dir>}, the job process): what it leaves in the folder and its exit code. */
class JobRunnerTest {
    PrintStream out, err;

    @BeforeEach
    void keepStreams() {
        out = System.out;
        err = System.err;
    }

    @AfterEach
    void restoreStreams() {
        System.setOut(out); // the command sends this JVM's output to the job's log
        System.setErr(err);
    }

    static int run(Path dir, String kind, String spec) throws IOException {
        JobFiles.writeSpec(dir, 7, kind, JobsFixture.spec(spec), null, null);
        return JobRunner.run(dir);
    }

    @Test
    void aSucceedingKindExitsZeroWithItsResultAndPeakMemory(@TempDir Path dir) throws Exception {
        assertThat(run(dir, "test-steps", "{\"steps\": 2}")).isZero();
        JobResult r = JobFiles.readResult(dir).orElseThrow();
        assertThat(r.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(r.exitReason()).isNull();
        assertThat(r.peakRssBytes()).isGreaterThan(1L << 20);
        assertThat(Files.readString(dir.resolve(JobFiles.LOG))).contains("job 7: test-steps starting", "job 7: test-steps finished");
        assertThat(JobFiles.readJson(dir.resolve(JobFiles.PROGRESS)).get("fraction").asDouble()).isEqualTo(1.0);
        assertThat(dir.resolve(JobFiles.RESULT_ROOM)).as("the room taken for result.json became it").doesNotExist();
    }

    @Test
    void aFailingKindExitsNonZeroWithTheReason(@TempDir Path dir) throws Exception {
        assertThat(run(dir, "test-alloc", "{}")).isEqualTo(1); // "mb" missing: the kind throws
        JobResult r = JobFiles.readResult(dir).orElseThrow();
        assertThat(r.state()).isEqualTo(JobState.FAILED);
        assertThat(r.exitReason()).startsWith("NullPointerException");
        assertThat(Files.readString(dir.resolve(JobFiles.LOG))).contains("at dev.nlulab.jobs.TestKinds$Alloc.run");
    }

    @Test
    void anUnknownKindFailsNamingTheKnownOnes(@TempDir Path dir) throws IOException {
        assertThat(run(dir, "no-such-kind", "{}")).isEqualTo(1);
        assertThat(JobFiles.readResult(dir).orElseThrow().exitReason()).contains("unknown job kind 'no-such-kind'", "test-sleep");
        assertThat(Files.readString(dir.resolve(JobFiles.LOG))).as("a refusal is one line, not a stack trace")
                .contains("job failed: IllegalArgumentException: unknown job kind").doesNotContain("\tat ");
    }

    @Test
    void aFolderWithoutSpecIsRefused(@TempDir Path dir) throws IOException {
        assertThat(JobRunner.run(dir)).isEqualTo(2);
        assertThat(JobFiles.readResult(dir)).isEmpty();
    }
}
