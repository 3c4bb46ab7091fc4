package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.ml.peft.PeftMethod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one study ({@code qalora-study}): the shared fine-tuning settings, from which the five
 * trainings are made (LoRA on the float base; QLoRA on NF4, deployed by RTN and by GPTQ at each of
 * {@link #BITS}; QA-LoRA on an INT-N base at each of {@link #BITS}), and how many dev questions per family
 * every model answers. Each training's settings are checked by {@link FineTuneSpec#parse}, so a problem is
 * named once, on the study's own field.
 */
public record StudySpec(FineTuneSpec lora, FineTuneSpec qlora, List<FineTuneSpec> qalora, int devPerFamily) {
    /** Bits of the deployed models, as in the paper's Table 1. */
    public static final List<Integer> BITS = List.of(4, 3, 2);
    static final int MAX_DEV_PER_FAMILY = LabData.DEV;
    static final Set<String> FIELDS = Set.of("base", "rank", "alpha", "group_size", "lr", "warmup", "steps", "batch_size", "seed",
            "data", "eval_every", "dev_per_family");

    public record Parsed(StudySpec spec, BaseModel baseModel, SpecCheck check) {}

    /** Every training, in the order the study runs them. */
    public List<FineTuneSpec> trainings() {
        List<FineTuneSpec> all = new ArrayList<>(List.of(lora, qlora));
        all.addAll(qalora);
        return all;
    }

    public static Parsed parse(JsonNode json, Path labDataDir) {
        SpecCheck check = SpecCheck.ok();
        if (json == null || !json.isObject()) return new Parsed(null, null, check.problem("spec", "must be an object of settings"));
        Set<SpecCheck.Problem> problems = new LinkedHashSet<>(); // five trainings may name one problem five times
        json.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) problems.add(new SpecCheck.Problem("spec." + f, "is not a setting of the study (known: " + new TreeSet<>(FIELDS) + ")"));
        });
        int devPerFamily = MAX_DEV_PER_FAMILY;
        JsonNode dev = json.get("dev_per_family");
        if (dev != null && !dev.isNull()) {
            if (!dev.isIntegralNumber() || dev.asInt() < 1 || dev.asInt() > MAX_DEV_PER_FAMILY) {
                problems.add(new SpecCheck.Problem("spec.dev_per_family", "must be a whole number between 1 and " + MAX_DEV_PER_FAMILY + ", was " + dev));
            } else {
                devPerFamily = dev.asInt();
            }
        }
        BaseModel base = null;
        List<FineTuneSpec> specs = new ArrayList<>();
        List<ObjectNode> variants = new ArrayList<>(List.of(variant(json, "lora", 4), variant(json, "qlora", 4)));
        for (int b : BITS) variants.add(variant(json, "qalora", b));
        variants.get(1).put("quantizer", "gptq"); // QLoRA is deployed by GPTQ too: its memory estimate counts the calibration
        for (ObjectNode v : variants) {
            FineTuneSpec.Parsed p = FineTuneSpec.parse(v, labDataDir);
            problems.addAll(p.check().problems());
            specs.add(p.spec());
            if (base == null) base = p.baseModel();
        }
        problems.forEach(p -> check.problem(p.field(), p.message()));
        if (!check.isOk()) return new Parsed(null, base, check);
        return new Parsed(new StudySpec(specs.get(0), specs.get(1), List.copyOf(specs.subList(2, specs.size())), devPerFamily), base, check);
    }

    /** The study's settings as one fine-tuning run's spec (the study's own field removed). */
    private static ObjectNode variant(JsonNode json, String method, int bits) {
        ObjectNode v = ((ObjectNode) json).deepCopy();
        v.remove("dev_per_family");
        v.put("method", method);
        v.put("bits", bits);
        return v;
    }

    /** The short name of a training, as the loss curves' key shows it. */
    static String runName(FineTuneSpec s) {
        return s.method() == PeftMethod.LORA ? "LoRA" : s.method() == PeftMethod.QLORA ? "QLoRA (NF4)" : "QA-LoRA INT" + s.bits();
    }
}
