package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.io.IOException;
import java.nio.file.Path;
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

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static RunReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunReport.class);
    }
}
