package dev.nlulab.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings: built-in defaults, overridden by {@code nlulab.properties} in the working directory,
 * overridden by {@code NLULAB_*} environment variables ({@code data.dir} <- {@code NLULAB_DATA_DIR}).
 */
public final class Settings {
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    static {
        DEFAULTS.put("port", "7070");
        DEFAULTS.put("bind", "127.0.0.1");
        DEFAULTS.put("data.dir", "data");
        DEFAULTS.put("db.url", "");          // empty: H2 file under data.dir
        DEFAULTS.put("db.user", "sa");
        DEFAULTS.put("db.password", "");
        DEFAULTS.put("db.pool.size", "10");
        DEFAULTS.put("db.wait.ms", "10000");    // a request's wait for a connection before its 503 page
        DEFAULTS.put("base.url", "");        // empty: http://localhost:<port>
        DEFAULTS.put("secure.cookies", "false");
        DEFAULTS.put("session.hours", "12");
        DEFAULTS.put("max.request.mb", "64");
        DEFAULTS.put("web.threads", "0");    // Jetty's request threads; 0: Javalin's default pool (up to 250)
        DEFAULTS.put("lesson.pages.shared", "true"); // false: every lesson page rendered per request (to compare, or to rule it out)
        DEFAULTS.put("leaderboard.pages.shared", "true"); // false: every leaderboard page rendered per request
        DEFAULTS.put("uploads.unreadable.per.hour", "10"); // predictions files that cannot be read, per student; then a wait
        DEFAULTS.put("course.dir", System.getProperty("nlulab.home", "."));  // lessons/, labs/, grader/, models/, static/
        DEFAULTS.put("course.repo.url", "");       // empty: lessons/, labs/, grader/ are the course folder's; else published from this git repository
        DEFAULTS.put("course.repo.branch", "main");
        DEFAULTS.put("course.repo.user", "");      // for a private repository (with a password or token); never shown
        DEFAULTS.put("course.repo.password", "");  // better in the environment: NLULAB_COURSE_REPO_PASSWORD
        DEFAULTS.put("course.timezone", "UTC");    // the zone every page writes times in (e.g. Europe/Berlin)
        DEFAULTS.put("executor", "local");
        DEFAULTS.put("gpu.memory.gb", "0");  // 0: no GPU, jobs use CPU slots
        DEFAULTS.put("cpu.slots", "1");
        DEFAULTS.put("model.dir", "");       // empty: <course.dir>/models/course-model; or any Hugging Face Llama folder
        DEFAULTS.put("model.queue", "8");          // requests running or waiting on the shared model; more get 429
        DEFAULTS.put("model.wait.seconds", "20");  // longest wait for a turn before 429
        DEFAULTS.put("model.max.tokens", "256");   // new tokens per request at most
        DEFAULTS.put("model.threads", "1");        // PyTorch threads of the server (one decode stream is fastest on 1)
        DEFAULTS.put("model.batch", "16");         // prompts generated together when many come at once
        DEFAULTS.put("model.tried.max", "2");      // fine-tuned (merged) models loaded at once for the Model page; least recently used unloaded
        // the OpenAI-compatible API served at /v1, and the backend the Model page and prompting jobs use
        DEFAULTS.put("api.requests.per.minute", "60");    // per API key
        DEFAULTS.put("api.max.prompt.chars", "32000");    // longest prompt or conversation read
        DEFAULTS.put("encoder.threads", "2");             // ONNX Runtime threads of the sentence encoder
        DEFAULTS.put("llm.backend", "local");             // local (the course model here) or http (llm.http.*)
        DEFAULTS.put("llm.http.url", "");                 // an OpenAI-compatible server's base URL, e.g. http://gpu1:8000/v1
        DEFAULTS.put("llm.http.key", "");                 // its API key (sent as a bearer token; never logged)
        DEFAULTS.put("llm.http.model", "");               // the model it serves
        DEFAULTS.put("llm.http.connect.seconds", "10");
        DEFAULTS.put("llm.http.timeout.seconds", "120");  // one attempt, answer included
        DEFAULTS.put("llm.http.retries", "3");            // after 429, 5xx or a failed connection
        DEFAULTS.put("llm.http.max.backoff.seconds", "30");
        DEFAULTS.put("llm.http.concurrency", "4");        // requests in flight at once
        DEFAULTS.put("llm.http.cache", "");               // folder of cached answers; empty: <data.dir>/llm-cache; off: none
        DEFAULTS.put("demos.burst", "20");         // live-demo calls a student may make at once ...
        DEFAULTS.put("demos.per.minute", "60");    // ... and how fast they come back; more get 429
        // jobs: scheduler, fair share, quotas, executors
        DEFAULTS.put("jobs.tick.ms", "1000");
        DEFAULTS.put("jobs.lease.seconds", "15");          // leadership of one scheduler among servers
        DEFAULTS.put("jobs.fairshare.halflife.hours", "24");
        DEFAULTS.put("jobs.fairshare.usage.hours", "1");   // recent GPU-hours that halve a student's priority
        DEFAULTS.put("jobs.aging.hours", "24");            // queued time worth a whole fair-share step
        DEFAULTS.put("jobs.max.running.per.student", "1");
        DEFAULTS.put("jobs.max.queued.per.student", "5");
        DEFAULTS.put("jobs.max.daily.per.student", "20");
        DEFAULTS.put("jobs.walltime.minutes", "60");       // when the exercise gives none
        DEFAULTS.put("jobs.memory.overhead.mb", "1024");   // JVM and libtorch above a job's estimate (RSS cap, Slurm --mem)
        DEFAULTS.put("jobs.memory.max.gb", "0");           // the most one CPU job may take, estimate + overhead; 0: this machine's memory
        DEFAULTS.put("jobs.cancel.grace.seconds", "10");   // SIGTERM, then SIGKILL after this
        DEFAULTS.put("jobs.java", "");                     // empty: the java running the server
        DEFAULTS.put("jobs.jvm.options", "");              // more JVM options for job processes, space-separated
        DEFAULTS.put("slurm.conf", "");                    // empty: the environment's SLURM_CONF
        DEFAULTS.put("slurm.partition", "");
        DEFAULTS.put("slurm.gres", "gpu:1");
        DEFAULTS.put("slurm.command.timeout.seconds", "15");
    }

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Defaults <- ./nlulab.properties <- NLULAB_* environment. */
    public static Settings load() {
        return load(Path.of("nlulab.properties"), System.getenv());
    }

    public static Settings load(Path propertiesFile, Map<String, String> env) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        if (Files.isRegularFile(propertiesFile)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + propertiesFile + ": " + e.getMessage(), e);
            }
            p.forEach((k, v) -> merged.put(k.toString().trim(), v.toString().trim()));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("NLULAB_")) merged.put(envToKey(k), v);
        });
        return new Settings(merged);
    }

    /** Defaults plus the given overrides; for tests and embedded use. */
    public static Settings of(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    public Settings with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new Settings(m);
    }

    /**
     * The settings whose names start with {@code prefix} as the environment variables {@link #load} reads back
     * (llm.http.key is NLULAB_LLM_HTTP_KEY): how a job process, which runs in its own folder, gets them.
     */
    public Map<String, String> asEnvironment(String prefix) {
        Map<String, String> env = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) env.put("NLULAB_" + k.toUpperCase(Locale.ROOT).replace('.', '_'), v);
        });
        return env;
    }

    static String envToKey(String env) {
        return env.substring("NLULAB_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException("unknown setting: " + key);
        return v;
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, was '" + v + "'");
        }
    }

    public double getDouble(String key) {
        String v = get(key);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number, was '" + v + "'");
        }
    }

    public boolean getBool(String key) {
        return Boolean.parseBoolean(get(key).trim());
    }

    public int port() { return getInt("port"); }
    public String bind() { return get("bind"); }
    public Path dataDir() { return Path.of(get("data.dir")).toAbsolutePath().normalize(); }
    public Path courseDir() { return Path.of(get("course.dir")).toAbsolutePath().normalize(); }
    public Path lessonsDir() { return courseDir().resolve("lessons"); }
    public Path labsDir() { return courseDir().resolve("labs"); }
    public Path graderDir() { return courseDir().resolve("grader"); }
    public Path staticDir() { return courseDir().resolve("static"); }
    public Path jobsDir() { return dataDir().resolve("jobs"); }
    public Path uploadsDir() { return dataDir().resolve("uploads"); }

    /** The course's time zone: pages write every time in it. */
    public ZoneId courseZone() {
        String z = get("course.timezone").trim();
        try {
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("setting course.timezone must be a time zone like Europe/Berlin, America/Chicago"
                    + " or UTC, was '" + z + "'");
        }
    }

    public Path modelDir() {
        String m = get("model.dir");
        return m.isBlank() ? courseDir().resolve("models/course-model") : Path.of(m).toAbsolutePath();
    }

    public String baseUrl() {
        String b = get("base.url");
        return b.isBlank() ? "http://localhost:" + port() : b.replaceAll("/+$", "");
    }

    public String dbUrl() {
        String u = get("db.url");
        if (!u.isBlank()) return u;
        // WRITE_DELAY=0: a commit reaches the file at once; H2's default half second of delay loses what was
        // committed last (a graded submission, a student's answer) when the server is killed. LOCK_TIMEOUT: a
        // deadline rush queues uploads on one student's admission lock; H2's default second would fail some
        return "jdbc:h2:file:" + dataDir().resolve("db/nlulab")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }
}
