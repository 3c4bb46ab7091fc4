package dev.nlulab.jobs;

import dev.nlulab.config.Settings;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs each job as a child JVM on this machine ({@code java -Xmx<cap> -cp <classpath>
 * dev.nlulab.jobs.JobMain <dir>}) with stdout and stderr appended to log.txt. The heap is capped
 * at the job's memory estimate and the process's resident memory is watched against the estimate
 * plus {@code jobs.memory.overhead.mb}: over it, the job is killed. The pid is the handle.
 */
public final class LocalExecutor implements Executor {
    private static final long MIN_HEAP = 64L << 20;
    private static final ScheduledExecutorService KILLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-killer");
        t.setDaemon(true);
        return t;
    });

    private final String java;
    private final List<String> jvmOptions;
    private final String classpath;
    private final long overheadBytes;
    private final Duration grace;
    private final Map<String, String> environment;
    private final Map<Long, Tracked> tracked = new ConcurrentHashMap<>();

    /** One process this executor follows; {@code process} is null when re-attached after a restart. */
    private static final class Tracked {
        final ProcessHandle handle;
        final Process process;
        final long rssCap;
        volatile long peak;
        volatile String killedFor;

        Tracked(ProcessHandle handle, Process process, long rssCap) {
            this.handle = handle;
            this.process = process;
            this.rssCap = rssCap;
        }
    }

    public LocalExecutor(Settings settings) {
        this(javaOf(settings), jvmOptionsOf(settings), System.getProperty("java.class.path"),
                settings.getInt("jobs.memory.overhead.mb") * (1L << 20),
                Duration.ofSeconds(settings.getInt("jobs.cancel.grace.seconds")), jobEnvironment(settings));
    }

    public LocalExecutor(String java, List<String> jvmOptions, String classpath, long overheadBytes, Duration grace) {
        this(java, jvmOptions, classpath, overheadBytes, grace, Map.of());
    }

    LocalExecutor(String java, List<String> jvmOptions, String classpath, long overheadBytes, Duration grace, Map<String, String> environment) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = classpath;
        this.overheadBytes = overheadBytes;
        this.grace = grace;
        this.environment = Map.copyOf(environment);
    }

    /**
     * What a job process needs of this server's settings and cannot read itself (it runs in its own folder, away
     * from nlulab.properties): the LLM backend's ({@code llm.*}, for a prompting job's "server" backend), as
     * environment variables, the key among them (only the job process and its user can read them); the
     * response cache made absolute.
     */
    static Map<String, String> jobEnvironment(Settings s) {
        Map<String, String> env = new java.util.LinkedHashMap<>(s.asEnvironment("llm."));
        String cache = s.get("llm.http.cache").trim();
        if (!cache.equalsIgnoreCase("off")) {
            env.put("NLULAB_LLM_HTTP_CACHE", (cache.isEmpty() ? s.dataDir().resolve("llm-cache") : Path.of(cache).toAbsolutePath()).toString());
        }
        return env;
    }

    @Override
    public String name() { return "local"; }

    /** The java a job process runs on: {@code jobs.java}, or the one running this server. */
    static String javaOf(Settings settings) {
        String configured = settings.get("jobs.java");
        return configured.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : configured;
    }

    static long heapBytes(Job job) {
        return Math.max(MIN_HEAP, job.estimatedPeakBytes());
    }

    static List<String> jvmOptionsOf(Settings settings) {
        String opts = settings.get("jobs.jvm.options").trim();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }

    /** The command line of a job process; the Slurm batch script runs the same one. */
    static List<String> command(String java, List<String> jvmOptions, String classpath, long heapBytes, Path dir) {
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx" + Math.max(1, heapBytes >> 20) + "m",
                "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", absolute(classpath), JobMain.class.getName(), dir.toString()));
        return cmd;
    }

    /**
     * The class path with every entry made absolute against this server's working directory: a job process
     * runs in its own folder, where a server started as {@code cd target && java -jar nlulab.jar} would
     * hand it "nlulab.jar".
     */
    static String absolute(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator, -1))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public String submit(Job job, Path dir) throws ExecutorException {
        ProcessBuilder pb = new ProcessBuilder(command(java, jvmOptions, classpath, heapBytes(job), dir))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(JobFiles.LOG).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        absoluteCacheDir(pb.environment());
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            tracked.put(job.id(), new Tracked(p.toHandle(), p, heapBytes(job) + overheadBytes));
            return Long.toString(p.pid());
        } catch (IOException e) {
            throw new ExecutorException("cannot start the job process with " + java + ": " + e.getMessage(), e);
        }
    }

    /** bin/nlulab's default DJL_CACHE_DIR is relative ("data/djl-cache"): in a job's folder it would unpack libtorch again. */
    static void absoluteCacheDir(Map<String, String> environment) {
        environment.computeIfPresent("DJL_CACHE_DIR", (name, dir) -> Path.of(dir).toAbsolutePath().normalize().toString());
    }

    @Override
    public Observation poll(Job job, Path dir) {
        Tracked t = tracked.get(job.id());
        if (t == null) {
            return new Observation(JobState.FAILED, "this server does not follow the job's process", null, true);
        }
        // a child's own Process knows it ended only once its exit code is reaped; ask it, not the pid
        if (t.process != null ? t.process.isAlive() : t.handle.isAlive()) {
            Long rss = ProcMemory.of(t.handle.pid()).rssBytes();
            if (rss != null) {
                t.peak = Math.max(t.peak, rss);
                if (rss > t.rssCap && t.killedFor == null) {
                    t.killedFor = "used " + (rss >> 20) + " MiB, over its memory cap of " + (t.rssCap >> 20)
                            + " MiB (estimate + jobs.memory.overhead.mb)";
                    t.handle.destroyForcibly();
                }
            }
            return Observation.STILL_RUNNING;
        }
        tracked.remove(job.id());
        Long peak = t.peak > 0 ? t.peak : null;
        if (t.killedFor != null) return new Observation(JobState.FAILED, t.killedFor, peak, false);
        String exit = t.process != null ? "exited with code " + t.process.exitValue() : "ended";
        return Observation.fromFolder(dir, "the job process " + exit + " without writing " + JobFiles.RESULT, peak);
    }

    @Override
    public void cancel(Job job, Path dir) {
        Tracked t = tracked.get(job.id());
        if (t == null || !t.handle.isAlive()) return;
        t.handle.destroy();
        KILLER.schedule(() -> { t.handle.destroyForcibly(); }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean reattach(Job job, Path dir) {
        if (tracked.containsKey(job.id())) return true;
        Optional<ProcessHandle> found = Optional.empty();
        if (job.handle() != null) {
            found = ProcessHandle.of(Long.parseLong(job.handle())).filter(h -> runsJob(h.pid(), dir));
        }
        if (found.isEmpty()) found = findByFolder(dir); // started, but the server died before storing the pid
        found.ifPresent(h -> tracked.put(job.id(), new Tracked(h, null, heapBytes(job) + overheadBytes)));
        return found.isPresent();
    }

    /** True when the process's command line runs our job main on exactly this folder (pids get reused). */
    static boolean runsJob(long pid, Path dir) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            return args.contains(JobMain.class.getName()) && args.contains(dir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<ProcessHandle> findByFolder(Path dir) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(h -> runsJob(h.pid(), dir)).findFirst();
        }
    }
}
