package dev.nlulab.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * What a running {@link JobKind} sees: its folder, its spec, the public lab data, and writers for
 * the log, metrics.jsonl (a loss curve the browser draws), progress.json and predictions.jsonl.
 */
public final class JobContext implements Closeable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Path dir;
    private final long jobId;
    private final JsonNode spec;
    private final Path dataDir;
    private final Path modelDir;
    private final PrintStream log;
    private final Clock clock;
    private final long startNanos = System.nanoTime();
    private BufferedWriter metrics;
    private BufferedWriter predictions;

    /** A job that needs no model folder. */
    public JobContext(Path dir, long jobId, JsonNode spec, Path dataDir, PrintStream log, Clock clock) {
        this(dir, jobId, spec, dataDir, null, log, clock);
    }

    public JobContext(Path dir, long jobId, JsonNode spec, Path dataDir, Path modelDir, PrintStream log, Clock clock) {
        this.dir = dir;
        this.jobId = jobId;
        this.spec = spec;
        this.dataDir = dataDir;
        this.modelDir = modelDir;
        this.log = log;
        this.clock = clock;
    }

    public Path dir() { return dir; }
    public long jobId() { return jobId; }
    public JsonNode spec() { return spec; }
    /** The lab's public data folder, or null when the exercise has none. */
    public Path dataDir() { return dataDir; }
    /** The server's model folder (the course model, or the checkpoint model.dir names), or null when not given. */
    public Path modelDir() { return modelDir; }

    /** A file under the job's artefacts folder (adapter, merged model...), its folder created. */
    public Path artefact(String name) {
        Path a = dir.resolve(JobFiles.ARTEFACTS).resolve(name).normalize();
        if (!a.startsWith(dir.resolve(JobFiles.ARTEFACTS))) throw new IllegalArgumentException("artefact name leaves the job folder: " + name);
        try {
            Files.createDirectories(a.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return a;
    }

    public void log(String line) {
        log.println("[" + LocalTime.now(clock.withZone(ZoneOffset.UTC)).format(TIME) + "] " + line);
    }

    /**
     * One line of metrics.jsonl: {"step": n, "time_s": since start, ...values}; the process's
     * resident memory is added as "rss_bytes" unless the kind gives its own.
     */
    public synchronized void metric(long step, Map<String, ?> values) {
        ObjectNode n = JobFiles.JSON.createObjectNode();
        n.put("step", step);
        n.put("time_s", (System.nanoTime() - startNanos) / 1e9);
        values.forEach((k, v) -> n.set(k, JobFiles.JSON.valueToTree(v)));
        if (!n.has("rss_bytes")) {
            Long rss = ProcMemory.ofSelf().rssBytes();
            if (rss != null) n.put("rss_bytes", rss);
        }
        metrics = appendLine(metrics, JobFiles.METRICS, n);
    }

    /** Fraction done (0..1) and the estimated time left, as progress.json. */
    public void progress(double fraction, Duration eta) {
        if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("progress fraction must be 0..1, was " + fraction);
        ObjectNode n = JobFiles.JSON.createObjectNode();
        n.put("fraction", fraction);
        if (eta != null) n.put("eta_s", eta.toSeconds());
        JobFiles.writeJsonAtomically(dir.resolve(JobFiles.PROGRESS), n);
    }

    /** One line of a job's summary: what is reported, and its value as the page shows it. */
    public record SummaryRow(String name, String value) {}

    /** The job's summary (summary.json), the few figures its page shows as a table once it has ended; replaces an earlier one. */
    public void summary(java.util.List<SummaryRow> rows) {
        JobFiles.writeJsonAtomically(dir.resolve(JobFiles.SUMMARY), rows);
    }

    /**
     * A table a kind reports when it ends, beside its summary (table.json): a caption, the column headings and
     * rows of cells as the page shows them; the first cell of a row is its heading. Replaces an earlier one.
     */
    public record Table(String caption, java.util.List<String> columns, java.util.List<java.util.List<String>> rows) {
        public Table {
            for (java.util.List<String> r : rows) {
                if (r.size() != columns.size()) throw new IllegalArgumentException("a row of " + r.size() + " cells under " + columns.size() + " columns: " + r);
            }
        }
    }

    public void table(Table table) {
        JobFiles.writeJsonAtomically(dir.resolve(JobFiles.TABLE), table);
    }

    /** One prediction, a line of predictions.jsonl: {"id": id, "prediction": value}. */
    public synchronized void prediction(String id, Object value) {
        ObjectNode n = JobFiles.JSON.createObjectNode();
        n.put("id", id);
        n.set("prediction", JobFiles.JSON.valueToTree(value));
        predictions = appendLine(predictions, JobFiles.PREDICTIONS, n);
    }

    private BufferedWriter appendLine(BufferedWriter w, String file, JsonNode line) {
        try {
            if (w == null) {
                w = Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            w.write(JobFiles.JSON.writeValueAsString(line));
            w.write('\n');
            w.flush(); // the server tails these files while the job runs
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (metrics != null) metrics.close();
        if (predictions != null) predictions.close();
        log.flush();
    }
}
