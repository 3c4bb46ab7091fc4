package dev.nlulab.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.store.DiskFull;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one job of any kind in this JVM (the job process's work, and {@code nlulab job run <job-dir>}'s).
 * Reads spec.json, finds the kind, runs it with stdout and stderr appended to log.txt, and writes
 * result.json (state, reason, peak RSS from VmHWM, duration) into room taken at the start, so that a job the disk
 * fills under still ends with its reason. Exit code 0 when the job succeeded.
 */
public final class JobRunner {
    private final Path dir;

    private JobRunner(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Runs the job in {@code dir}: 0 when it succeeded, 1 when it failed, 2 when the folder holds no spec. */
    public static int run(Path dir) throws IOException {
        return new JobRunner(dir).run();
    }

    private int run() throws IOException {
        if (!Files.isRegularFile(dir.resolve(JobFiles.SPEC))) {
            System.err.println("no " + JobFiles.SPEC + " in " + dir);
            return 2;
        }
        // before "started": on a disk too full for it the job never starts, which is the platform's failure, not the student's
        JobFiles.reserveResultRoom(dir);
        Files.writeString(dir.resolve(JobFiles.STARTED), ProcessHandle.current().pid() + "\n");
        long start = System.nanoTime();
        PrintStream log = new PrintStream(new FileOutputStream(dir.resolve(JobFiles.LOG).toFile(), true), true, StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
        AtomicBoolean ended = new AtomicBoolean();
        // SIGTERM (cancel, wall time) still leaves a result.json behind.
        Thread onSignal = new Thread(() -> {
            if (ended.compareAndSet(false, true)) {
                finish(JobState.FAILED, "terminated by a signal before it finished", false, start, log);
            }
        });
        Runtime.getRuntime().addShutdownHook(onSignal);

        JobState state;
        String reason;
        boolean infra = false;
        try {
            JsonNode file = JobFiles.readJson(dir.resolve(JobFiles.SPEC));
            String kindId = file.path("kind").asText();
            JobKind kind = JobKinds.load().require(kindId);
            Path data = file.hasNonNull("data_dir") ? Path.of(file.get("data_dir").asText()) : null;
            Path model = file.hasNonNull("model_dir") ? Path.of(file.get("model_dir").asText()) : null;
            try (JobContext ctx = new JobContext(dir, file.path("job").asLong(), file.path("spec"), data, model, log, Clock.systemUTC())) {
                ctx.log("job " + ctx.jobId() + ": " + kindId + " starting (pid " + ProcessHandle.current().pid() + ")");
                kind.run(ctx);
                ctx.log("job " + ctx.jobId() + ": " + kindId + " finished");
            }
            state = JobState.SUCCEEDED;
            reason = null;
        } catch (Throwable e) {
            state = JobState.FAILED;
            String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            infra = DiskFull.in(e);
            reason = infra ? JobView.DISK_FULL : what;
            // an expected ending (the disk full, input the kind refused) is one line; anything else is a bug to trace
            if (infra) log.println("job failed: the disk is full (" + e.getMessage() + ")");
            else if (e instanceof IllegalArgumentException) log.println("job failed: " + what);
            else e.printStackTrace(log);
        }
        if (!ended.compareAndSet(false, true)) return 1;
        finish(state, reason, infra, start, log);
        Runtime.getRuntime().removeShutdownHook(onSignal);
        return state == JobState.SUCCEEDED ? 0 : 1;
    }

    private void finish(JobState state, String reason, boolean infra, long startNanos, PrintStream log) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        JobFiles.writeResult(dir, new JobResult(state, reason, ProcMemory.ofSelf().peakBytes(), ms, infra));
        log.flush();
    }
}
