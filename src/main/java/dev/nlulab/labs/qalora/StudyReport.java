package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.nlulab.jobs.JobContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a study measured (study.json), shaped like Table 1 of the QA-LoRA paper: one row per method and
 * bits of the deployed model, with the dev accuracy before and after merging, what training cost and
 * the merged model's size. The rows that share a training (QLoRA's six deployments) repeat its figures.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StudyReport(JsonNode spec, RunReport.Accuracy base, List<Row> rows, double seconds) {
    public static final String FILE = "study.json";
    /** What a row predicts for the completion key when every cell is there. */
    public static final String COMPLETE = "complete";

    /**
     * One method at one width. {@code devLossAfterMerge} is the deployed model's loss per answer token on the dev
     * examples of the training curves (it tells methods apart where a small model's accuracies are all low).
     * {@code peakRssBytes} is the highest resident memory sampled at the end of
     * each of its training's steps; {@code weightsBytes} what the merged model's weights take on disk.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Row(String id, String method, Integer bits, String training, RunReport.Accuracy beforeMerge,
                      RunReport.Accuracy afterMerge, long trainableParameters, double trainSeconds, double medianStepMs,
                      long peakRssBytes, long weightsBytes, long projectionBytes, long projectionFp32Bytes,
                      double maxAbsLogitDifference, double devLossAfterMerge) {

        /** The cells that hold no measurement (an empty list: the row is complete). */
        @JsonIgnore
        public List<String> missing() {
            List<String> out = new ArrayList<>();
            if (!measured(beforeMerge)) out.add("accuracy before merging");
            if (!measured(afterMerge)) out.add("accuracy after merging");
            if (trainableParameters <= 0) out.add("trainable parameters");
            if (!(trainSeconds > 0)) out.add("train time");
            if (peakRssBytes <= 0) out.add("peak memory");
            if (weightsBytes <= 0) out.add("size on disk");
            if (!Double.isFinite(maxAbsLogitDifference)) out.add("merge check");
            if (!Double.isFinite(devLossAfterMerge)) out.add("dev loss after merging");
            return out;
        }

        private static boolean measured(RunReport.Accuracy a) {
            return a != null && a.items() > 0 && a.all() >= 0 && a.all() <= 1;
        }

        /** What the completion key reads for this row. */
        @JsonIgnore
        public String completion() {
            List<String> missing = missing();
            return missing.isEmpty() ? COMPLETE : "missing " + String.join(", ", missing);
        }
    }

    /** The table the job page shows. */
    public JobContext.Table table() {
        List<List<String>> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(List.of(r.method, r.bits == null ? "32 (float)" : r.bits.toString(), percent(r.beforeMerge), percent(r.afterMerge),
                    String.format(Locale.ROOT, "%.4f", r.devLossAfterMerge),
                    String.format(Locale.ROOT, "%,d", r.trainableParameters), String.format(Locale.ROOT, "%.1f", r.trainSeconds),
                    String.format(Locale.ROOT, "%.0f", r.medianStepMs), mib(r.peakRssBytes), mib(r.weightsBytes),
                    String.format(Locale.ROOT, "%.3fx", ratio(r)), String.format(Locale.ROOT, "%.1e", r.maxAbsLogitDifference)));
        }
        String caption = String.format(Locale.ROOT, "Dev exact match of each method, %d questions; the base before fine-tuning: %s."
                        + " QLoRA's rows share one training on the NF4 base, merged and then quantized by RTN or GPTQ.",
                base.items(), percent(base));
        return new JobContext.Table(caption, List.of("Method", "Bits", "Accuracy before merging", "Accuracy after merging",
                "Dev loss after merging", "Trainable parameters", "Train time (s)", "Median step (ms)", "Peak memory", "Size on disk",
                "Projections vs float32", "Max |logit difference|, merged vs not"), cells);
    }

    /** The few lines above the table. */
    public List<JobContext.SummaryRow> summary() {
        int complete = (int) rows.stream().filter(r -> r.missing().isEmpty()).count();
        return List.of(new JobContext.SummaryRow("Study", rows.size() + " rows (methods x bits), " + complete + " with every cell measured"),
                new JobContext.SummaryRow("Base before fine-tuning", base.describe()),
                new JobContext.SummaryRow("Time", String.format(Locale.ROOT, "%.0f s in all", seconds)));
    }

    static double ratio(Row r) {
        return r.projectionFp32Bytes == 0 ? 0 : r.projectionBytes / (double) r.projectionFp32Bytes;
    }

    private static String percent(RunReport.Accuracy a) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * a.all());
    }

    private static String mib(long bytes) {
        if (bytes < 1 << 20) return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0); // a tiny model's
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    public void write(Path file) throws IOException {
        RunReport.JSON.writeValue(file.toFile(), this);
    }

    public static StudyReport read(Path file) throws IOException {
        return RunReport.JSON.readValue(file.toFile(), StudyReport.class);
    }
}
