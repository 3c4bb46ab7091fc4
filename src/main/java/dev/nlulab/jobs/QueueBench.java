package dev.nlulab.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.config.Settings;
import dev.nlulab.store.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The queue's figures ({@code nlulab bench jobs}) on an in-memory H2 database. (1) one scheduling
 * decision (the query and the ranking) with {@code queued} queued jobs; (2) submit-to-running latency of
 * the local executor with a real job kind; (3) throughput of {@code tiny} jobs through the queue
 * with an in-process executor that ends each job when first polled (queue and database cost only).
 *
 * @param kind job kind for the local executor's latency; null: the first on the class path
 * @param spec its spec as JSON
 * @param runs local jobs to time
 */
public record QueueBench(int queued, int tiny, String kind, String spec, int runs) {
    /** Runs the three measurements and prints their figures. */
    public void run() throws Exception {
        System.out.printf("machine: %s, %d cores, Java %s%n", cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        decisionTime();
        localLatency();
        throughput();
    }

    private static Database memoryDb() {
        return Database.open("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 4);
    }

    private static List<Long> students(Database db, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            ids.add(db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (email, display_name, role, created_at) VALUES (:e, :n, 'student', :t)")
                    .bind("e", "s" + k + "@bench").bind("n", "s" + k).bind("t", OffsetDateTime.now(ZoneOffset.UTC))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one()));
        }
        return ids;
    }

    private Settings settings(Path data, String slots) {
        return Settings.of(Map.of("data.dir", data.toString(), "cpu.slots", slots, "jobs.max.running.per.student", slots,
                "jobs.max.queued.per.student", "100000", "jobs.max.daily.per.student", "100000"));
    }

    private void decisionTime() throws Exception {
        try (Database db = memoryDb()) {
            List<Long> users = students(db, 300);
            JobStore store = new JobStore(db);
            Random rnd = new Random(1);
            Instant now = Instant.now();
            for (int i = 0; i < queued; i++) {
                store.insert(users.get(rnd.nextInt(users.size())), "lab", "ex", "bench", "{}",
                        now.minusSeconds(rnd.nextInt(86_400)), (1 + rnd.nextInt(8)) << 30, Duration.ofHours(1));
            }
            Settings s = settings(Files.createTempDirectory("nlulab-bench"), "1").with("gpu.memory.gb", "80");
            JobService service = new JobService(db, s, new InstantExecutor(), JobKinds.of(), Clock.systemUTC(), "bench");
            Scheduler scheduler = new Scheduler(SchedulerPolicy.of(s));
            List<Job> view = store.schedulerView(now.minus(Duration.ofDays(10)));
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            double[] whole = new double[25], wholeCpu = new double[25], ranking = new double[25], rankingCpu = new double[25];
            for (int i = 0; i < 25; i++) {
                long t = System.nanoTime(), c = threads.getCurrentThreadCpuTime();
                service.planNow();
                whole[i] = (System.nanoTime() - t) / 1e6;
                wholeCpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
                t = System.nanoTime();
                c = threads.getCurrentThreadCpuTime();
                scheduler.plan(view, Instant.now());
                ranking[i] = (System.nanoTime() - t) / 1e6;
                rankingCpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            }
            System.out.printf("decision with %,d queued (medians of 20 runs after 5 warm-ups): query + ranking %.1f ms wall, %.1f ms CPU;"
                    + " ranking alone %.1f ms wall, %.1f ms CPU%n", queued, median(whole), median(wholeCpu), median(ranking), median(rankingCpu));
        }
    }

    private void localLatency() throws Exception {
        JobKinds kinds = JobKinds.load();
        String id = kind != null ? kind : kinds.all().keySet().stream().findFirst().orElse(null);
        if (id == null) {
            System.out.println("local executor latency: skipped, no job kind on the class path (pass --kind)");
            return;
        }
        JsonNode specNode = JobFiles.JSON.readTree(spec);
        Path data = Files.createTempDirectory("nlulab-bench");
        try (Database db = memoryDb()) {
            long user = students(db, 1).get(0);
            Settings s = settings(data, "1").with("jobs.max.running.per.student", "1");
            try (JobService service = new JobService(db, s, new LocalExecutor(s), kinds, Clock.systemUTC(), "bench")) {
                double[] spawned = new double[runs], started = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long t = System.nanoTime();
                    Job j = service.submit(new JobService.JobRequest(user, "lab", "ex", id, specNode, null));
                    while (service.find(j.id()).orElseThrow().state() == JobState.QUEUED) service.tick();
                    spawned[r] = (System.nanoTime() - t) / 1e6;
                    while (!service.logTail(j.id(), 50).contains(" starting (pid")) {
                        if (service.find(j.id()).orElseThrow().state().isFinal()) break;
                        Thread.sleep(2);
                    }
                    started[r] = (System.nanoTime() - t) / 1e6;
                    while (!service.find(j.id()).orElseThrow().state().isFinal()) {
                        service.tick();
                        Thread.sleep(10);
                    }
                }
                System.out.printf("local executor, kind %s: submit -> RUNNING (process spawned) %.0f ms median, submit -> kind code running in the job JVM %.0f ms median (%d runs)%n",
                        id, median(spawned), median(started), runs);
            }
        }
    }

    private void throughput() throws Exception {
        try (Database db = memoryDb()) {
            List<Long> users = students(db, 50);
            Settings s = settings(Files.createTempDirectory("nlulab-bench"), "16");
            try (JobService service = new JobService(db, s, new InstantExecutor(), JobKinds.of(new NoOpKind()), Clock.systemUTC(), "bench")) {
                JsonNode empty = JobFiles.JSON.createObjectNode();
                long t = System.nanoTime();
                for (int i = 0; i < tiny; i++) {
                    service.submit(new JobService.JobRequest(users.get(i % users.size()), "lab", "ex", NoOpKind.ID, empty, null));
                }
                double submitS = (System.nanoTime() - t) / 1e9;
                int ticks = 0;
                while (!service.listAll(JobState.QUEUED, 1).isEmpty() || !service.listAll(JobState.RUNNING, 1).isEmpty()) {
                    service.tick();
                    ticks++;
                }
                double totalS = (System.nanoTime() - t) / 1e9;
                System.out.printf("throughput, %,d tiny jobs, in-process executor, 16 slots: submit %.0f jobs/s; submit to all finished %.1f s = %.0f jobs/s (%d ticks)%n",
                        tiny, tiny / submitS, totalS, tiny / totalS, ticks);
            }
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.length > 5 ? Arrays.copyOfRange(xs, 5, xs.length) : xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    /** The queue's own cost: a job ends SUCCEEDED the first time it is polled, with no process. */
    static final class InstantExecutor implements Executor {
        public String name() { return "in-process"; }
        public String submit(Job job, Path dir) { return "0"; }
        public Observation poll(Job job, Path dir) { return new Observation(JobState.SUCCEEDED, null, null, false); }
        public void cancel(Job job, Path dir) {}
        public boolean reattach(Job job, Path dir) { return false; }
    }

    /** A kind that is only queued, never run (the in-process executor ends it). */
    static final class NoOpKind implements JobKind {
        static final String ID = "bench-noop";
        public String id() { return ID; }
        public SpecCheck validate(JsonNode spec, Path dataDir) { return SpecCheck.ok(); }
        public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) { return 1L << 20; }
        public void run(JobContext ctx) {}
    }
}
