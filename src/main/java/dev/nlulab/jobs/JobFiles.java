package dev.nlulab.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The job folder's layout, shared by the server (which writes spec.json and reads the rest) and
 * the job process (which writes log, metrics, progress, predictions, result and artefacts).
 * spec.json holds only the kind, the spec and public lab data: never an answer key.
 */
public final class JobFiles {
    public static final String SPEC = "spec.json";
    public static final String LOG = "log.txt";
    public static final String METRICS = "metrics.jsonl";
    public static final String PROGRESS = "progress.json";
    public static final String PREDICTIONS = "predictions.jsonl";
    public static final String RESULT = "result.json";
    public static final String ARTEFACTS = "artefacts";
    /** The rows a kind reports when it ends ({@link JobContext#summary}); the job page shows them as a table. */
    public static final String SUMMARY = "summary.json";
    /** The table a kind reports when it ends ({@link JobContext#table}), shown under the summary. */
    public static final String TABLE = "table.json";
    /** Written by the job process before anything else it does: its absence after the process ended means it never got to run the job. */
    public static final String STARTED = "started";
    /** Room for result.json, taken when the job starts (see {@link #reserveResultRoom}); becomes result.json. */
    static final String RESULT_ROOM = "result.room";
    private static final int RESULT_ROOM_BYTES = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    private JobFiles() {}

    /**
     * Writes spec.json: {"job": id, "kind": ..., "spec": {...}, "data_dir": public lab data or absent,
     * "model_dir": the server's model folder (model.dir), which kinds that prompt or tune the course model load}.
     */
    public static void writeSpec(Path dir, long jobId, String kind, JsonNode spec, Path publicDataDir, Path modelDir) {
        ObjectNode n = JSON.createObjectNode();
        n.put("job", jobId);
        n.put("kind", kind);
        n.set("spec", spec);
        if (publicDataDir != null) n.put("data_dir", publicDataDir.toAbsolutePath().toString());
        if (modelDir != null) n.put("model_dir", modelDir.toAbsolutePath().toString());
        writeJsonAtomically(dir.resolve(SPEC), n);
    }

    /** True once the job process has begun running the job (not only a JVM that started). */
    public static boolean started(Path dir) {
        return Files.isRegularFile(dir.resolve(STARTED));
    }

    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** summary.json's rows (what a finished job reports), or none when the kind wrote none or it cannot be read. */
    public static List<JobContext.SummaryRow> readSummary(Path dir) {
        Path f = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(f)) return List.of();
        try {
            List<JobContext.SummaryRow> rows = new java.util.ArrayList<>();
            for (JsonNode r : JSON.readTree(f.toFile())) rows.add(new JobContext.SummaryRow(r.path("name").asText(), r.path("value").asText()));
            return rows;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** table.json (a finished job's table), or empty when the kind wrote none or it cannot be read. */
    public static Optional<JobContext.Table> readTable(Path dir) {
        Path f = dir.resolve(TABLE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(f.toFile(), JobContext.Table.class));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** result.json when the job process got to write one. */
    public static Optional<JobResult> readResult(Path dir) {
        Path f = dir.resolve(RESULT);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(f.toFile(), JobResult.class));
        } catch (IOException e) {
            return Optional.empty(); // half-written by a killed process: the log tail tells the story
        }
    }

    /** Write to a temporary file, then rename, so readers never see half a file (nor, when the write fails, a part of one). */
    public static void writeJsonAtomically(Path file, Object value) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
            moveInPlace(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the disk space result.json will need while there is some, so that a job the disk filled under can still
     * say why it failed. Nothing is left behind when even this does not fit.
     */
    static void reserveResultRoom(Path dir) throws IOException {
        Path room = dir.resolve(RESULT_ROOM);
        try {
            Files.write(room, " ".repeat(RESULT_ROOM_BYTES).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            deleteQuietly(room);
            throw e;
        }
    }

    /**
     * Writes result.json over the room reserved at the start, then renames it into place: overwriting blocks a file
     * already holds needs no new ones, so this works on a full disk. Without a room, as any other JSON file.
     */
    static void writeResult(Path dir, JobResult result) {
        Path room = dir.resolve(RESULT_ROOM);
        if (!Files.isRegularFile(room)) {
            writeJsonAtomically(dir.resolve(RESULT), result);
            return;
        }
        try {
            try (FileChannel out = FileChannel.open(room, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
                while (bytes.hasRemaining()) out.write(bytes);
                out.truncate(out.position());
            }
            moveInPlace(room, dir.resolve(RESULT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(RESULT) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Frees the room reserved for result.json once the job has ended: a job process that ends normally turned it into
     * result.json, but one killed (kill -9, the memory cap, a reboot) leaves it behind.
     */
    static void releaseResultRoom(Path dir) {
        deleteQuietly(dir.resolve(RESULT_ROOM));
    }

    private static void moveInPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next write of the same file replaces it
        }
    }

    /** The last {@code maxLines} lines of the log (at most 64 KiB read), "" when there is none. */
    public static String logTail(Path dir, int maxLines) {
        Path f = dir.resolve(LOG);
        if (!Files.isRegularFile(f)) return "";
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, 64 * 1024);
            byte[] buf = new byte[n];
            raf.seek(len - n);
            raf.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).strip().split("\n");
            int from = Math.max(0, lines.length - maxLines);
            return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
        } catch (IOException e) {
            return "";
        }
    }
}
