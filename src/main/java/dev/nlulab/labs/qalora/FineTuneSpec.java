package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.Projection;
import dev.nlulab.ml.TrainingConfig;
import dev.nlulab.ml.peft.PeftConfig;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.Requantizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one fine-tuning run, read from a job spec (snake_case fields, every one optional
 * with the default below) and checked field by field against the base model's shape:
 * <pre>
 *   base course-model   method qalora (lora | qlora | qalora)   bits 4 (2 | 3 | 4 | 8)   group_size 32
 *   quantizer rtn (rtn | gptq: QA-LoRA's base, QLoRA's re-quantization)
 *   rank 8   alpha 16   dropout 0   targets all (all | attention | mlp | "q,v" ...)
 *   lr 1e-2   schedule cosine (cosine | constant)   warmup 20   steps 600   batch_size 16
 *   accumulation 1   seed 1   data both (both | reverse | sortdigits)   format direct (direct | cot)   eval_every 50
 * </pre>
 * QA-LoRA's INT-N base and QLoRA's deployed model are quantized whole (every projection), so the group
 * size must divide every projection's input width; QA-LoRA's rank may not exceed the pooled width
 * (input width / group size) of any adapted projection.
 */
public record FineTuneSpec(String base, PeftMethod method, int bits, int groupSize, Requantizer quantizer, int rank,
                           float alpha, float dropout, List<String> targets, double lr, TrainingConfig.Schedule schedule,
                           int warmup, int steps, int batchSize, int accumulation, long seed, List<String> families,
                           AnswerFormat format, int evalEvery) {

    /** Hard limits of the kind, whatever an exercise allows. */
    static final int MAX_STEPS = 20_000, MAX_RANK = 256, MAX_BATCH = 128, MAX_ACCUMULATION = 32;
    /** Tokens of the longest training example (prompt and answer) the runs keep. */
    static final int MAX_LENGTH = 128;
    static final Set<String> FIELDS = Set.of("base", "method", "bits", "group_size", "quantizer", "rank", "alpha", "dropout",
            "targets", "lr", "schedule", "warmup", "steps", "batch_size", "accumulation", "seed", "data", "format", "eval_every");
    private static final Map<String, List<String>> TARGET_PRESETS = Map.of(
            "all", List.of("q", "k", "v", "o", "gate", "up", "down"),
            "attention", List.of("q", "k", "v", "o"),
            "mlp", List.of("gate", "up", "down"));

    /** How a run's answers look: what the model is trained to write and what is read back from it. */
    public enum AnswerFormat {
        /** "Q: ...\nA:" then " The answer is X." */
        DIRECT,
        /** "Q: ...\nA: Let's think step by step." then the family's rationale and " The answer is X." */
        COT
    }

    /** The spec (every field checked), or the problems of its fields ("spec.rank": ...). */
    public record Parsed(FineTuneSpec spec, BaseModel baseModel, SpecCheck check) {}

    /**
     * Reads and checks a spec. {@code labDataDir} locates the course's models (see {@link BaseModel}); the
     * exercise's own limits (steps budget, allowed bits) are in its lab.yaml and checked before this.
     */
    public static Parsed parse(JsonNode json, Path labDataDir) {
        Reader r = new Reader(json);
        json.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) r.check.problem("spec." + f, "is not a setting of a fine-tuning job (known: " + new TreeSet<>(FIELDS) + ")");
        });
        String baseName = r.text("base", BaseModel.DEFAULT);
        BaseModel base = null;
        try {
            base = BaseModel.open(baseName, labDataDir);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            r.check.problem("spec.base", e.getMessage());
        }
        PeftMethod method = r.choice("method", "qalora", m -> PeftMethod.parse(m));
        int bits = (int) r.whole("bits", 4, 2, 8);
        if (r.ok("bits") && Arrays.stream(IntNWeight.SUPPORTED_BITS).noneMatch(b -> b == bits)) {
            r.check.problem("spec.bits", "must be one of " + Arrays.toString(IntNWeight.SUPPORTED_BITS) + ", was " + bits);
        }
        int groupSize = (int) r.whole("group_size", 32, 1, 1 << 20);
        Requantizer quantizer = r.choice("quantizer", "rtn", Requantizer::parse);
        int rank = (int) r.whole("rank", 8, 1, MAX_RANK);
        float alpha = (float) r.number("alpha", 16, 1e-6, 1e6);
        float dropout = (float) r.number("dropout", 0, 0, 0.9);
        List<String> targets = r.choice("targets", "all", FineTuneSpec::targets);
        double lr = r.number("lr", 1e-2, 1e-7, 1);
        TrainingConfig.Schedule schedule = r.choice("schedule", "cosine", s -> enumOf(TrainingConfig.Schedule.class, s, "cosine or constant"));
        int steps = (int) r.whole("steps", 600, 1, MAX_STEPS);
        int warmup = (int) r.whole("warmup", 20, 0, MAX_STEPS);
        if (r.ok("warmup") && r.ok("steps") && warmup >= steps) r.check.problem("spec.warmup", "must be fewer than the " + steps + " steps, was " + warmup);
        int batch = (int) r.whole("batch_size", 16, 1, MAX_BATCH);
        int accumulation = (int) r.whole("accumulation", 1, 1, MAX_ACCUMULATION);
        long seed = r.whole("seed", 1, 0, Integer.MAX_VALUE);
        List<String> families = r.choice("data", "both", FineTuneSpec::families);
        AnswerFormat format = r.choice("format", "direct", s -> enumOf(AnswerFormat.class, s, "direct or cot"));
        int evalEvery = (int) r.whole("eval_every", 50, 1, MAX_STEPS);
        if (base != null && method != null && targets != null) {
            shapeProblems(r.check, base.config(), method, r.ok("group_size") ? groupSize : 0, r.ok("rank") ? rank : 0, targets);
        }
        if (!r.check.isOk()) return new Parsed(null, base, r.check);
        return new Parsed(new FineTuneSpec(base.name(), method, bits, groupSize, quantizer, rank, alpha, dropout, targets, lr, schedule,
                warmup, steps, batch, accumulation, seed, families, format, evalEvery), base, r.check);
    }

    /** Group size against every projection (the whole base is quantized); QA-LoRA's rank against the pooled widths. */
    private static void shapeProblems(SpecCheck check, LlamaConfig c, PeftMethod method, int groupSize, int rank, List<String> targets) {
        if (method == PeftMethod.LORA || groupSize == 0) return; // a float base: no groups
        TreeSet<Long> widths = new TreeSet<>();
        for (Projection p : Projection.values()) widths.add(p.inFeatures(c));
        List<Long> bad = widths.stream().filter(w -> w % groupSize != 0).toList();
        if (!bad.isEmpty()) {
            check.problem("spec.group_size", groupSize + " does not divide the input width " + bad.get(0)
                    + " of the base's projections (widths " + widths + "): choose a divisor of " + gcd(widths));
            return;
        }
        if (method == PeftMethod.QALORA && rank > 0) {
            long pooled = Long.MAX_VALUE;
            String narrowest = "";
            for (String t : targets) {
                Projection p = Projection.named(t);
                long w = p.inFeatures(c) / groupSize;
                if (w < pooled) {
                    pooled = w;
                    narrowest = p.moduleName();
                }
            }
            if (rank > pooled) {
                check.problem("spec.rank", rank + " is larger than the pooled width " + pooled + " of " + narrowest + " (its "
                        + (pooled * groupSize) + " inputs / group size " + groupSize + "): QA-LoRA's A is r x " + pooled
                        + ", so its rank cannot exceed " + pooled + "; lower the rank or the group size");
            }
        }
    }

    private static long gcd(TreeSet<Long> values) {
        long g = 0;
        for (long v : values) g = java.math.BigInteger.valueOf(g).gcd(java.math.BigInteger.valueOf(v)).longValue();
        return g;
    }

    /** A preset (all, attention, mlp) or a comma-separated list of short names (q, k, v, o, gate, up, down). */
    static List<String> targets(String text) {
        List<String> preset = TARGET_PRESETS.get(text.trim().toLowerCase(Locale.ROOT));
        if (preset != null) return preset;
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) continue;
            Projection p = Projection.named(name);
            if (p == null) throw new IllegalArgumentException("'" + name + "' is not a projection: use all, attention, mlp or a list of q, k, v, o, gate, up, down");
            if (!out.contains(p.shortName())) out.add(p.shortName());
        }
        if (out.isEmpty()) throw new IllegalArgumentException("names no projection: use all, attention, mlp or a list of q, k, v, o, gate, up, down");
        return out;
    }

    static List<String> families(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "both" -> LabData.FAMILIES;
            case "reverse" -> List.of("reverse");
            case "sortdigits" -> List.of("sortdigits");
            default -> throw new IllegalArgumentException("must be both, reverse or sortdigits, was '" + text + "'");
        };
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String text, String allowed) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + allowed + ", was '" + text + "'");
        }
    }

    /** The adapters' settings for {@link dev.nlulab.ml.peft.Peft#apply}. */
    public PeftConfig peftConfig() {
        return new PeftConfig(method, rank, alpha, dropout, targets, bits, groupSize, base, seed);
    }

    /** The optimizer and schedule: AdamW (0.9, 0.95), no weight decay on adapters, clip 1.0, cosine to lr/10. */
    public TrainingConfig trainingConfig() {
        return new TrainingConfig(lr, lr / 10, warmup, steps, schedule, 0.0, 0.9, 0.95, 1e-8, 1.0, batchSize, accumulation,
                MAX_LENGTH, seed, 0);
    }

    /** Whether the deployed (merged) model is INT-N: QA-LoRA and QLoRA; LoRA merges into float. */
    public boolean deploysIntN() {
        return method != PeftMethod.LORA;
    }

    /** "QA-LoRA INT4 g32", "QLoRA + RTN INT3 g32", "LoRA (float)". */
    public String label() {
        return switch (method) {
            case LORA -> "LoRA (float)";
            case QLORA -> "QLoRA + " + quantizer + " INT" + bits + " g" + groupSize;
            case QALORA -> "QA-LoRA INT" + bits + " g" + groupSize + (quantizer == Requantizer.GPTQ ? " (GPTQ base)" : "");
        };
    }

    /** Field-by-field reading with defaults; a bad field is a problem, and its default stands in so the rest is checked too. */
    private static final class Reader {
        final JsonNode json;
        final SpecCheck check = SpecCheck.ok();
        final Set<String> bad = new java.util.HashSet<>();

        Reader(JsonNode json) {
            this.json = json;
        }

        boolean ok(String field) {
            return !bad.contains(field);
        }

        private void problem(String field, String message) {
            bad.add(field);
            check.problem("spec." + field, message);
        }

        String text(String field, String missing) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) return missing;
            if (!v.isTextual()) {
                problem(field, "must be text, was " + v);
                return missing;
            }
            return v.asText();
        }

        <T> T choice(String field, String missing, java.util.function.Function<String, T> parse) {
            String t = text(field, missing);
            try {
                return parse.apply(t);
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
                return null;
            }
        }

        long whole(String field, long missing, long min, long max) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) return missing;
            if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
                problem(field, "must be a whole number, was " + v);
                return missing;
            }
            long n = v.asLong();
            if (n < min || n > max) {
                problem(field, "must be between " + min + " and " + max + ", was " + n);
                return missing;
            }
            return n;
        }

        double number(String field, double missing, double min, double max) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) return missing;
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                problem(field, "must be a number, was " + v);
                return missing;
            }
            double d = v.asDouble();
            if (d < min || d > max) {
                problem(field, "must be between " + min + " and " + max + ", was " + d);
                return missing;
            }
            return d;
        }
    }
}
