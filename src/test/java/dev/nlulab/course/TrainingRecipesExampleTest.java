package dev.nlulab.course;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.ml.AdamW;
import dev.nlulab.ml.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.nlulab.course.ShippedLesson.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The worked examples of fine-tuning/05-training-recipes, recomputed from their definitions and, where the
 * lesson reads them from the course model's run, from the shipped files of that run.
 */
class TrainingRecipesExampleTest {
    private static final ShippedLesson LESSON = ShippedLesson.of("fine-tuning/05-training-recipes");
    private static final Path RUN = Path.of("models", "course-model");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The lesson's schedule, written from its formula (0-based step t). */
    private static double schedule(long t, int warmup, int horizon, double peak, double min) {
        if (t < warmup) return peak * (t + 1) / warmup;
        double progress = (double) (t - warmup) / (horizon - warmup);
        return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
    }

    /** "8.80 \times 10^{-4}" for 8.8019e-4 with two decimals: the lessons' way of writing small numbers. */
    private static String sci(double x, int decimals) {
        int exponent = (int) Math.floor(Math.log10(Math.abs(x)));
        double mantissa = x / Math.pow(10, exponent);
        if (Double.parseDouble(fixed(mantissa, decimals)) >= 10) {
            exponent++;
            mantissa /= 10;
        }
        return fixed(mantissa, decimals) + " \\times 10^{" + exponent + "}";
    }

    private static List<JsonNode> trainingLog() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(RUN.resolve("training-log.jsonl"))) {
            if (!line.isBlank()) rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    @Test
    void theScheduleTableIsTheCourseModelsRecordedSchedule() throws IOException {
        JsonNode run = JSON.readTree(RUN.resolve("training.json").toFile());
        int horizon = run.get("horizon_steps").asInt();
        double peak = run.get("peak_lr").asDouble();
        assertThat(horizon).isEqualTo(8087);
        assertThat(peak).isEqualTo(1e-3);
        // the pretraining command's optimizer: defaults (cosine to peak / 10) with 100 warm-up steps
        TrainingConfig trainer = TrainingConfig.defaults(peak, horizon, 1536, 448, 1)
                .withSchedule(TrainingConfig.Schedule.COSINE, 100);
        Map<Long, Double> logged = new HashMap<>();
        for (JsonNode row : trainingLog()) logged.put(row.get("step").asLong(), row.get("lr").asDouble());

        long[] logSteps = {1, 50, 100, 2000, 4094, 6000, 7893};
        int[] decimals = {1, 1, 1, 2, 2, 2, 3};
        for (int i = 0; i < logSteps.length; i++) {
            long t = logSteps[i] - 1;
            double lr = schedule(t, 100, horizon, peak, peak / 10);
            assertThat(trainer.learningRateAt(t)).as("the trainer at step %d", t).isCloseTo(lr, within(1e-12));
            assertThat(logged.get(logSteps[i])).as("the log at step %d", logSteps[i]).isCloseTo(lr, within(1e-12));
            LESSON.states("| $" + sci(lr, decimals[i]) + "$ |");
        }
        // the hand check of log step 2,000
        double progress = 1899.0 / 7987;
        assertThat(schedule(1999, 100, horizon, peak, peak / 10))
                .isCloseTo(1e-4 + 0.5 * 9e-4 * (1 + Math.cos(Math.PI * progress)), within(1e-15));
        LESSON.states("1{,}899 / 7{,}987 = " + fixed(progress, 4), "\\cos(" + fixed(progress, 4) + "\\,\\pi) = "
                + fixed(Math.cos(Math.PI * progress), 4), "\\times " + fixed(1 + Math.cos(Math.PI * progress), 4));
        assertThat(horizon - logged.size()).as("steps the budget cut off").isEqualTo(194);
        LESSON.states("194 steps before the horizon", "7,893 steps run");
    }

    @Test
    void accumulatedMicroBatchesAreAveragedOverTokens() {
        double[] tokens = {300, 100};
        double[] means = {1.2, 2.0};
        double tokenMean = (tokens[0] * means[0] + tokens[1] * means[1]) / (tokens[0] + tokens[1]);
        double meanOfMeans = (means[0] + means[1]) / 2;
        assertThat(tokenMean).isCloseTo(1.40, within(1e-12));
        assertThat(meanOfMeans).isCloseTo(1.60, within(1e-12));
        // a token of the second micro-batch weighs (1/2)/100 against (1/2)/300 in the mean of means: three times
        assertThat((0.5 / tokens[1]) / (0.5 / tokens[0])).isCloseTo(3, within(1e-12));
        LESSON.states("(360 + 200) / (300 + 100) = " + fixed(tokenMean, 2), "(1.2 + 2.0) / 2 = " + fixed(meanOfMeans, 2),
                "three times as much");
    }

    @Test
    void adamwDecaysWhereL2InsideAdamDoesNot() {
        double w = 0.5, g = 0.2, lr = 1e-3, decay = 0.1, b1 = 0.9, b2 = 0.95, eps = 1e-8;
        // one step from zero moments: bias-corrected m = g, v = g^2
        double mHat = (1 - b1) * g / (1 - b1), vHat = (1 - b2) * g * g / (1 - b2);
        double adamw = w * (1 - lr * decay) - lr * mHat / (Math.sqrt(vHat) + eps);
        double gL2 = g + decay * w;
        double l2 = w - lr * gL2 / (Math.sqrt(gL2 * gL2) + eps);
        double plainAdam = w - lr * g / (Math.sqrt(g * g) + eps);
        assertThat(fixed(adamw, 5)).isEqualTo("0.49895");
        assertThat(fixed(l2, 5)).isEqualTo("0.49900");
        assertThat(l2).isCloseTo(plainAdam, within(1e-9));
        LESSON.states("$0.5 \\times (1 - 10^{-4}) = " + fixed(w * (1 - lr * decay), 5) + "$", "= " + fixed(adamw, 5) + "$",
                "$0.2 + 0.1 \\times 0.5 = " + fixed(gL2, 2) + "$", "$0.5 - 0.001 = " + fixed(l2, 5) + "$");

        // the course's own optimizer takes the same step (float32)
        try (NDManager manager = NDManager.newBaseManager(); NDManager step = manager.newSubManager();
             AdamW optimizer = new AdamW(manager, b1, b2, eps, decay)) {
            NDArray weight = manager.create(new float[][]{{(float) w}});
            NDArray gradient = manager.create(new float[][]{{(float) g}});
            optimizer.update(List.of(weight), List.of(gradient), lr, step);
            assertThat((double) weight.toFloatArray()[0]).isCloseTo(adamw, within(1e-6));
        }
    }

    /** A float rounded to bf16 (the top 16 bits, round to nearest even) and widened back. */
    private static float bf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xFFFF0000);
    }

    @Test
    void sixteenBitFormatsLoseSmallUpdatesAndSmallGradients() {
        assertThat(bf16(1.0f + 1e-4f)).isEqualTo(1.0f);
        assertThat(bf16(1.0f + 0.0078125f)).isEqualTo(1.0078125f); // one bf16 step at 1.0 survives
        assertThat(1.0f + 1e-4f).isNotEqualTo(1.0f);
        double bf16Spacing = Math.pow(2, -7), fp16Spacing = Math.pow(2, -10), fp32Spacing = Math.ulp(1.0f);
        LESSON.states("| $" + sci(fp32Spacing, 1) + "$ |", "| $" + sci(bf16Spacing, 1) + "$ |", "| $" + sci(fp16Spacing, 1) + "$ |",
                "spacing of $" + sci(bf16Spacing, 1) + "$ there");

        double smallestFp16 = Math.pow(2, -24);
        double gradient = 2e-8;
        assertThat(Math.rint(gradient / smallestFp16)).as("2e-8 in fp16").isZero();
        double scaled = gradient * 65536;
        assertThat(scaled).isGreaterThan(Math.pow(2, -14)); // a normal fp16 number, full precision
        LESSON.states("2^{-24} \\approx " + sci(smallestFp16, 2), "$" + sci(gradient, 0) + "$", "2^{16} = 65{,}536",
                "$" + sci(scaled, 2) + "$");
    }

    @Test
    void globalNormClippingScalesEveryGradientByOneFactor() {
        double[] norms = {2, 3, 6};
        double global = Math.sqrt(norms[0] * norms[0] + norms[1] * norms[1] + norms[2] * norms[2]);
        assertThat(global).isEqualTo(7);
        LESSON.states("\\sqrt{4 + 9 + 36} = 7", "$1/7 = " + fixed(1 / global, 3) + "$", "$0.3/7 = " + fixed(0.3 / global, 4) + "$");
    }

    @Test
    void theCheckpointSizesFollowFromTheCourseModelsShape() throws IOException {
        JsonNode c = JSON.readTree(RUN.resolve("config.json").toFile());
        long d = c.get("hidden_size").asLong(), f = c.get("intermediate_size").asLong();
        long layers = c.get("num_hidden_layers").asLong(), vocab = c.get("vocab_size").asLong();
        assertThat(c.get("tie_word_embeddings").asBoolean()).isTrue();
        assertThat(c.get("num_key_value_heads").asLong()).isEqualTo(c.get("num_attention_heads").asLong());
        // tied embedding; per layer q, k, v, o (d x d), gate, up, down (d x f) and two norms; a final norm
        long params = vocab * d + layers * (4 * d * d + 3 * d * f + 2 * d) + d;
        assertThat(params).isEqualTo(4_065_536L);
        assertThat(Files.size(RUN.resolve("model.safetensors"))).isBetween(params * 4, params * 4 + 64 * 1024);
        LESSON.states(String.format(Locale.ROOT, "%,d parameters", params),
                fixed(params * 4 / 1e6, 1) + " MB", fixed(params * 12 / 1e6, 1) + " MB");
    }

    @Test
    void theLogsHighLossStepsAreAClusterNotADivergence() throws IOException {
        List<JsonNode> log = trainingLog();
        List<Double> high = new ArrayList<>(), rest = new ArrayList<>();
        for (JsonNode row : log) {
            if (row.get("step").asLong() <= 4000) continue;
            double loss = row.get("loss").asDouble();
            (loss > 2 ? high : rest).add(loss);
        }
        assertThat(high.size() + rest.size()).isEqualTo(3893);
        assertThat(high).hasSize(654);
        // about one step in six
        assertThat((double) high.size() / (high.size() + rest.size())).isCloseTo(1.0 / 6, within(0.01));
        LESSON.states("654 of the 3,893 steps", "median is " + fixed(median(high), 2), "the others is " + fixed(median(rest), 3),
                "one step in six");

        double firstLoss = log.get(0).get("loss").asDouble();
        assertThat(log.get(0).get("step").asLong()).isEqualTo(1);
        LESSON.states("$V = 4{,}096$ that is " + fixed(Math.log(4096), 2), "first step logged " + fixed(firstLoss, 2));
    }
}
