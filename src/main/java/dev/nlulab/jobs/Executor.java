package dev.nlulab.jobs;

import java.nio.file.Path;

/**
 * Where jobs run. The scheduler starts a job with {@link #submit}, asks {@link #poll} every tick
 * until it has ended, and after a server restart calls {@link #reattach} for every job the
 * database still shows RUNNING, so that no job is lost and none runs twice.
 */
public interface Executor {
    /** "local" or "slurm": stored with the job. */
    String name();

    /** Starts the job in {@code dir} (spec.json written); returns the handle to store (pid, Slurm job id). */
    String submit(Job job, Path dir) throws ExecutorException;

    /** The job's state now: still running, or how it ended. */
    Observation poll(Job job, Path dir);

    /** Asks the job to stop: SIGTERM, then SIGKILL after a grace period. Returns at once. */
    void cancel(Job job, Path dir);

    /** After a restart: true when the job's process (or Slurm job) is still ours and alive. */
    boolean reattach(Job job, Path dir);

    /** What a poll saw. A non-running observation carries the ending. */
    record Observation(JobState state, String reason, Long peakMemoryBytes, boolean infraFailure) {
        public static final Observation STILL_RUNNING = new Observation(JobState.RUNNING, null, null, false);

        public boolean running() { return state == JobState.RUNNING; }

        /**
         * The ending written by the job process itself, or FAILED with the log tail when there is none: the
         * job's own failure once it had started, ours (an infrastructure failure) when it never started the job.
         */
        static Observation fromFolder(Path dir, String whenNoResult, Long peakSeen) {
            return JobFiles.readResult(dir)
                    .map(r -> new Observation(r.state(), r.exitReason(),
                            max(r.peakRssBytes(), peakSeen), r.infraFailure()))
                    .orElseGet(() -> JobFiles.started(dir)
                            ? new Observation(JobState.FAILED, whenNoResult + tailSuffix(dir), peakSeen, false)
                            : new Observation(JobState.FAILED, NEVER_STARTED + " (" + whenNoResult + ")" + tailSuffix(dir), peakSeen, true));
        }

        /** How an exit reason begins when the job process never got to run the job. */
        public static final String NEVER_STARTED = "the job process could not start the job";

        static String tailSuffix(Path dir) {
            String tail = JobFiles.logTail(dir, 20);
            return tail.isEmpty() ? "" : "\n--- end of log.txt ---\n" + tail;
        }

        private static Long max(Long a, Long b) {
            if (a == null) return b;
            if (b == null) return a;
            return Math.max(a, b);
        }
    }
}
