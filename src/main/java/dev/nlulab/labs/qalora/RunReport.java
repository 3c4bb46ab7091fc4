package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.nlulab.jobs.JobContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.json} of a fine-tuning job: the run's settings, what training cost, dev accuracy
 * before and after merging, the merge check and the merged model's size. The job page's report
 * and the comparison of runs are drawn from it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunReport(String label, String method, Integer bits, Integer groupSize, String quantizer, JsonNode spec,
                        long trainableParameters, long steps, double trainSeconds, double medianStepMs, double tokensPerSecond,
                        long peakRssBytes, double quantizeSeconds, double finalLoss, Double finalEvalLoss,
                        Accuracy beforeMerge, Accuracy afterMerge, MergeCheck mergeCheck, Size size) {
    public static final String FILE = "report.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Dev accuracy, over all items and by family. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Accuracy(double all, Map<String, Double> byFamily, int items) {
        static Accuracy of(Evaluation.Accuracy a) {
            return new Accuracy(a.all(), a.byFamily(), a.items());
        }

        /** "42.0% (reverse 30.0%, sortdigits 54.0%) of 200". */
        String describe() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.1f%% of %d", 100 * all, items));
            if (!byFamily.isEmpty()) {
                sb.append(" (");
                byFamily.forEach((f, a) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f%%", f, 100 * a)));
                sb.append(')');
            }
            return sb.toString();
        }
    }

    /**
     * Merged against unmerged logits on {@code prompts} dev prompts. QA-LoRA and LoRA merge exactly
     * (float rounding only); QLoRA's merge is quantized again, so its difference is what re-quantizing cost.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MergeCheck(double maxAbsLogitDifference, int prompts, double tolerance) {
        public static final double EXACT = 1e-4;

        public boolean exact() {
            return maxAbsLogitDifference < tolerance;
        }
    }

    /** The merged model's weights on disk, and its projections' bytes against float32. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Size(long weightsBytes, long projectionBytes, long projectionFp32Bytes) {
        public double projectionRatio() {
            return projectionFp32Bytes == 0 ? 0 : projectionBytes / (double) projectionFp32Bytes;
        }
    }

    /** The report in a few rows, as the job page shows it. */
    public List<JobContext.SummaryRow> rows() {
        List<JobContext.SummaryRow> rows = new ArrayList<>();
        rows.add(row("Method", label));
        rows.add(row("Trainable parameters", String.format(Locale.ROOT, "%,d", trainableParameters)));
        rows.add(row("Training", String.format(Locale.ROOT, "%d steps in %.0f s (median step %.0f ms, %.0f tokens/s)",
                steps, trainSeconds, medianStepMs, tokensPerSecond)));
        if (peakRssBytes > 0) rows.add(row("Peak memory", String.format(Locale.ROOT, "%.0f MiB", peakRssBytes / (double) (1 << 20))));
        if (finalEvalLoss != null) rows.add(row("Dev loss at the end", String.format(Locale.ROOT, "%.4f", finalEvalLoss)));
        rows.add(row("Dev accuracy before merging", beforeMerge.describe()));
        rows.add(row("Dev accuracy after merging", afterMerge.describe()));
        rows.add(row("Merge check", String.format(Locale.ROOT, "max |logit difference| %.2e on %d dev prompts: %s", mergeCheck.maxAbsLogitDifference,
                mergeCheck.prompts, mergeCheck.exact() ? "exact (below " + mergeCheck.tolerance + ")"
                        : "not exact: " + ("qlora".equals(method) ? "what quantizing the merged model again cost" : "more than float rounding"))));
        rows.add(row("Merged weights", String.format(Locale.ROOT, "%.1f MiB; projections %.2fx their float32 bytes",
                size.weightsBytes / (double) (1 << 20), size.projectionRatio())));
        return rows;
    }

    private static JobContext.SummaryRow row(String name, String value) {
        return new JobContext.SummaryRow(name, value);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static RunReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunReport.class);
    }
}
