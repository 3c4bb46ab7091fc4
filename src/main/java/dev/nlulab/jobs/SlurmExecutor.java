package dev.nlulab.jobs;

import dev.nlulab.config.Settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submits each job to Slurm as a batch script in its folder ({@code job.sbatch}) running the same
 * job process as the local executor, on storage the cluster shares. Follows it with squeue, then
 * {@code scontrol show job}, then {@code sacct -c}; cancels with scancel (Slurm sends SIGTERM, then
 * SIGKILL after its KillWait). Every command has a timeout: Slurm being down is a clear job error.
 */
public final class SlurmExecutor implements Executor {
    static final String SCRIPT = "job.sbatch";
    private static final Pattern JOB_STATE = Pattern.compile("JobState=(\\S+)");
    private static final Pattern EXIT_CODE = Pattern.compile("ExitCode=(\\d+):(\\d+)");

    private final String java;
    private final List<String> jvmOptions;
    private final String classpath;
    private final String partition;
    private final String gres;
    private final String slurmConf;
    private final long overheadBytes;
    private final Duration timeout;
    /** Given to sbatch, which exports its environment to the job (LocalExecutor#jobEnvironment). */
    private final Map<String, String> environment = new java.util.LinkedHashMap<>();

    public SlurmExecutor(Settings s) {
        this(LocalExecutor.javaOf(s), LocalExecutor.jvmOptionsOf(s), System.getProperty("java.class.path"), s.get("slurm.partition"), s.get("slurm.gres"), s.get("slurm.conf"),
                s.getInt("jobs.memory.overhead.mb") * (1L << 20), Duration.ofSeconds(s.getInt("slurm.command.timeout.seconds")));
        this.environment.putAll(LocalExecutor.jobEnvironment(s));
    }

    public SlurmExecutor(String java, List<String> jvmOptions, String classpath, String partition, String gres, String slurmConf,
                         long overheadBytes, Duration timeout) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = classpath;
        this.partition = partition;
        this.gres = gres;
        this.slurmConf = slurmConf;
        this.overheadBytes = overheadBytes;
        this.timeout = timeout;
    }

    @Override
    public String name() { return "slurm"; }

    /** The batch script: resources as #SBATCH lines, then the job process. */
    String script(Job job, Path dir) {
        long heap = LocalExecutor.heapBytes(job);
        long memMb = (heap + overheadBytes + (1 << 20) - 1) >> 20;
        long secs = Math.max(60, job.wallTimeLimit().toSeconds()); // Slurm counts whole minutes
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("#SBATCH --job-name=nlulab-").append(job.id()).append('\n');
        b.append("#SBATCH --output=").append(dir.resolve(JobFiles.LOG)).append('\n');
        b.append("#SBATCH --open-mode=append\n");
        b.append("#SBATCH --chdir=").append(dir).append('\n');
        b.append(String.format("#SBATCH --time=%d:%02d:%02d%n", secs / 3600, secs / 60 % 60, secs % 60));
        b.append("#SBATCH --mem=").append(memMb).append("M\n");
        b.append("#SBATCH --ntasks=1\n");
        if (!gres.isBlank()) b.append("#SBATCH --gres=").append(gres).append('\n');
        if (!partition.isBlank()) b.append("#SBATCH --partition=").append(partition).append('\n');
        b.append("exec");
        for (String arg : LocalExecutor.command(java, jvmOptions, classpath, heap, dir)) b.append(' ').append(shellQuote(arg));
        return b.append('\n').toString();
    }

    @Override
    public String submit(Job job, Path dir) throws ExecutorException {
        Path script = dir.resolve(SCRIPT);
        try {
            Files.writeString(script, script(job, dir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExecutorException("cannot write " + script + ": " + e.getMessage(), e);
        }
        Result r = run(environment, "sbatch", "--parsable", script.toString());
        if (r.exit != 0) throw new ExecutorException("sbatch failed (exit " + r.exit + "): " + r.err.strip());
        String id = r.out.strip().split(";")[0]; // "<id>" or "<id>;<cluster>"
        if (!id.matches("\\d+")) throw new ExecutorException("sbatch answered '" + r.out.strip() + "', not a job id");
        return id;
    }

    @Override
    public Observation poll(Job job, Path dir) {
        try {
            String state = slurmState(job.handle());
            if (state == null) {
                return Observation.fromFolder(dir, "Slurm no longer knows job " + job.handle(), null);
            }
            return switch (state) {
                case "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT" ->
                        Observation.STILL_RUNNING;
                case "TIMEOUT", "DEADLINE" -> new Observation(JobState.TIMED_OUT, "Slurm stopped it at its time limit", peak(dir), false);
                case "CANCELLED" -> new Observation(JobState.CANCELLED, "cancelled in Slurm", peak(dir), false);
                case "OUT_OF_MEMORY" -> new Observation(JobState.FAILED, "Slurm killed it: over its --mem" + Observation.tailSuffix(dir), peak(dir), false);
                case "NODE_FAIL", "BOOT_FAIL", "PREEMPTED" -> new Observation(JobState.FAILED, "Slurm " + state + Observation.tailSuffix(dir), peak(dir), true);
                default -> Observation.fromFolder(dir, "Slurm job " + job.handle() + " ended " + state, null);
            };
        } catch (ExecutorException e) {
            return Observation.STILL_RUNNING; // Slurm not answering this time: ask again next tick
        }
    }

    private static Long peak(Path dir) {
        return JobFiles.readResult(dir).map(JobResult::peakRssBytes).orElse(null);
    }

    /** The job's Slurm state (PENDING, RUNNING, COMPLETED...), or null when Slurm has forgotten it. */
    String slurmState(String id) throws ExecutorException {
        Result q = run("squeue", "-h", "-j", id, "-o", "%T");
        if (q.exit == 0 && !q.out.isBlank()) return base(q.out.strip().lines().findFirst().orElse(""));
        Result s = run("scontrol", "-o", "show", "job", id);
        if (s.exit == 0) {
            Matcher m = JOB_STATE.matcher(s.out);
            if (m.find()) return base(m.group(1));
        }
        Result a = run("sacct", "-c", "-n", "-P", "-j", id, "-o", "State");
        if (a.exit == 0 && !a.out.isBlank()) return base(a.out.strip().lines().findFirst().orElse(""));
        return null;
    }

    /** "CANCELLED by 0" -> "CANCELLED". */
    private static String base(String state) {
        return state.trim().split("\\s+")[0].toUpperCase(Locale.ROOT);
    }

    @Override
    public void cancel(Job job, Path dir) {
        if (job.handle() == null) return;
        try {
            run("scancel", job.handle());
        } catch (ExecutorException e) {
            // the next tick sends the stop again only if asked; the wall time still ends it in Slurm
        }
    }

    @Override
    public boolean reattach(Job job, Path dir) {
        if (job.handle() == null) return false;
        try {
            return slurmState(job.handle()) != null;
        } catch (ExecutorException e) {
            return true; // Slurm is slow right now, not the job gone: keep following it
        }
    }

    record Result(int exit, String out, String err) {}

    /** Runs a Slurm client command with SLURM_CONF set and a timeout. */
    Result run(String... command) throws ExecutorException {
        return run(Map.of(), command);
    }

    private Result run(Map<String, String> extraEnvironment, String... command) throws ExecutorException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.putAll(extraEnvironment);
        if (!slurmConf.isBlank()) env.put("SLURM_CONF", slurmConf);
        try {
            Path out = Files.createTempFile("nlulab-slurm", ".out");
            Path err = Files.createTempFile("nlulab-slurm", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new ExecutorException(command[0] + " did not answer within " + timeout.toSeconds() + " s: is Slurm running?");
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new ExecutorException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException(command[0] + " interrupted", e);
        }
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
