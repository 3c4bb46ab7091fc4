package dev.nlulab.ml.course;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.ml.StepMetrics;
import dev.nlulab.ml.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends one JSON line per optimizer step to {@code training-log.jsonl} (step, loss, lr, tokens/s,
 * elapsed seconds): what the model card draws its loss curve from.
 */
public final class TrainingLog implements TrainingListener, AutoCloseable {
    public static final String FILE = "training-log.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One logged step. */
    public record Point(long step, double loss, double learningRate) {
    }

    private final Writer out;
    private final long startNanos = System.nanoTime();
    private final double elapsedBefore;

    /** Opens the log; a fresh run truncates it, a resumed one appends. */
    public TrainingLog(Path file, boolean append, double elapsedBefore) {
        this.elapsedBefore = elapsedBefore;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onStep(StepMetrics m) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", m.step());
        line.put("loss", round(m.loss()));
        line.put("lr", m.learningRate());
        line.put("tokens_per_s", Math.round(m.tokensPerSecond()));
        line.put("elapsed_s", Math.round(elapsedBefore + (System.nanoTime() - startNanos) / 1e9));
        try {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * The median loss of {@code points}: what a typical step saw. A batch holds examples of one length,
     * so the few prose batches (loss ~4) would lift a mean far above it.
     */
    public static double medianLoss(List<Point> points) {
        if (points.isEmpty()) throw new IllegalArgumentException("no points");
        return points.stream().mapToDouble(Point::loss).sorted().skip(points.size() / 2).findFirst().orElseThrow();
    }

    /** The (step, loss) points of a log; a resumed run's repeated steps keep their last value. */
    public static List<Point> read(Path file) {
        Map<Long, Point> byStep = new java.util.TreeMap<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                if (line.isBlank()) continue;
                try {
                    var node = JSON.readTree(line);
                    long step = node.get("step").asLong();
                    byStep.put(step, new Point(step, node.get("loss").asDouble(), node.path("lr").asDouble()));
                } catch (IOException | NullPointerException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": not a training-log line (step, loss): " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(byStep.values());
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
