package dev.nlulab.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Job kinds for the queue's tests, registered by src/test/resources/META-INF/services: they run
 * in real job processes but do no ML. Each takes "estimate_mb" (default 64) as its memory estimate.
 */
public final class TestKinds {
    private TestKinds() {}

    /** A lab exercise "sleep" that starts a test-sleep job, to append to a {@code RushLab}'s exercises. */
    public static final String SLEEP_EXERCISE = """
              - id: sleep
                title: Sleep
                kind: job
                job:
                  kind: test-sleep
                  parameters:
                    seconds: {type: number, min: 0, max: 3600, default: 60, description: "how long the job sleeps"}
                metric: accuracy
                points: 1
                daily_limit: 20
                total_limit: 50
            """;

    static long estimate(JsonNode spec) {
        return spec.path("estimate_mb").asLong(64) << 20;
    }

    static SpecCheck positive(JsonNode spec, String field, double max) {
        SpecCheck c = SpecCheck.ok();
        JsonNode v = spec.get(field);
        if (v == null || !v.isNumber()) return c.problem("spec." + field, "is required and must be a number");
        if (v.asDouble() < 0 || v.asDouble() > max) c.problem("spec." + field, "must be between 0 and " + max + ", was " + v.asDouble());
        return c;
    }

    /** test-sleep: appends a line to runs.txt (to count starts), then sleeps "seconds". */
    public static final class Sleep implements JobKind {
        public String id() { return "test-sleep"; }
        public SpecCheck validate(JsonNode spec, Path dataDir) { return positive(spec, "seconds", 3600); }
        public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) { return estimate(spec); }
        public void run(JobContext ctx) throws Exception {
            Files.writeString(ctx.dir().resolve("runs.txt"), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ctx.log("sleeping " + ctx.spec().get("seconds").asDouble() + " s");
            Thread.sleep((long) (ctx.spec().get("seconds").asDouble() * 1000));
        }
    }

    /** test-crash: prints a last word and halts the JVM with exit code 3, leaving no result.json. */
    public static final class Crash implements JobKind {
        public String id() { return "test-crash"; }
        public SpecCheck validate(JsonNode spec, Path dataDir) { return SpecCheck.ok(); }
        public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) { return estimate(spec); }
        public void run(JobContext ctx) {
            ctx.log("segfault in native code (simulated)");
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
    }

    /** test-alloc: keeps allocating "mb" MiB of heap in 8 MiB blocks. */
    public static final class Alloc implements JobKind {
        public String id() { return "test-alloc"; }
        public SpecCheck validate(JsonNode spec, Path dataDir) { return positive(spec, "mb", 1 << 16); }
        public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) { return estimate(spec); }
        public void run(JobContext ctx) {
            List<byte[]> held = new ArrayList<>();
            for (int i = 0; i < ctx.spec().get("mb").asInt() / 8; i++) {
                byte[] b = new byte[8 << 20];
                java.util.Arrays.fill(b, (byte) 1);
                held.add(b);
            }
            ctx.log("holding " + held.size() * 8 + " MiB");
        }
    }

    /**
     * test-steps: "steps" steps of a made-up loss, with metrics, progress and one prediction per step;
     * with "step_ms", each step also takes that long and logs a line (for pages that follow a job live).
     */
    public static final class Steps implements JobKind {
        public String id() { return "test-steps"; }
        public SpecCheck validate(JsonNode spec, Path dataDir) { return positive(spec, "steps", 1_000_000); }
        public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) { return estimate(spec); }
        public void run(JobContext ctx) throws InterruptedException {
            int steps = ctx.spec().get("steps").asInt();
            long pause = ctx.spec().path("step_ms").asLong(0);
            for (int s = 1; s <= steps; s++) {
                if (pause > 0) {
                    Thread.sleep(pause);
                    ctx.log("step " + s + " loss " + 1.0 / s);
                }
                ctx.metric(s, Map.of("loss", 1.0 / s, "lr", 1e-3, "tokens_per_s", 1000.0));
                ctx.progress(s / (double) steps, Duration.ofSeconds(steps - s));
                ctx.prediction("item-" + s, s % 2 == 0 ? "even" : "odd");
            }
        }
    }
}
