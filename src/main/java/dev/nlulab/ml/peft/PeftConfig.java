package dev.nlulab.ml.peft;

import dev.nlulab.ml.quant.IntNWeight;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to adapt and how. {@code targetModules} are Hugging Face module names (q_proj ... down_proj);
 * the course's short names q, k, v, o, gate, up, down are accepted too. {@code bits} and
 * {@code groupSize} are the INT-N base of QA-LoRA ({@code groupSize <= 0}: per row).
 */
public record PeftConfig(PeftMethod method, int rank, float alpha, float dropout, List<String> targetModules,
        int bits, int groupSize, String baseModel, long seed) {

    /** Short name -> Hugging Face Llama module name. */
    public static final Map<String, String> MODULES = shortNames();

    private static Map<String, String> shortNames() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : List.of("q", "k", "v", "o")) {
            m.put(s, s + "_proj");
        }
        for (String s : List.of("gate", "up", "down")) {
            m.put(s, s + "_proj");
        }
        return Collections.unmodifiableMap(m);
    }

    public PeftConfig {
        if (method == null) {
            throw new IllegalArgumentException("PEFT method is missing");
        }
        if (rank <= 0) {
            throw new IllegalArgumentException("r must be positive, got " + rank);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        if (targetModules == null || targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules is empty: name some of " + MODULES.keySet());
        }
        targetModules = targetModules.stream().map(PeftConfig::moduleName).distinct().toList();
        if (method == PeftMethod.QALORA && Arrays.stream(IntNWeight.SUPPORTED_BITS).noneMatch(b -> b == bits)) {
            throw new IllegalArgumentException("QA-LoRA bits must be one of " + Arrays.toString(IntNWeight.SUPPORTED_BITS)
                    + ", got " + bits);
        }
        baseModel = baseModel == null ? "" : baseModel;
    }

    /** Defaults of the QA-LoRA paper scaled to the course model: alpha 16, no dropout, 4 bit, g = 32. */
    public static PeftConfig of(PeftMethod method, int rank, List<String> targets) {
        return new PeftConfig(method, rank, 16f, 0f, targets, 4, 32, "", 0L);
    }

    public PeftConfig withQuantization(int newBits, int newGroupSize) {
        return new PeftConfig(method, rank, alpha, dropout, targetModules, newBits, newGroupSize, baseModel, seed);
    }

    public PeftConfig withBaseModel(String name) {
        return new PeftConfig(method, rank, alpha, dropout, targetModules, bits, groupSize, name, seed);
    }

    static String moduleName(String name) {
        String n = name.trim();
        if (MODULES.containsKey(n)) {
            return MODULES.get(n);
        }
        if (MODULES.containsValue(n)) {
            return n;
        }
        throw new IllegalArgumentException("unknown target module '" + name + "': use " + MODULES.keySet()
                + " or " + MODULES.values());
    }

    /** Whether a full module name (model.layers.0.self_attn.q_proj) is one of the targets. */
    public boolean targets(String fullName) {
        String last = fullName.substring(fullName.lastIndexOf('.') + 1);
        return targetModules.contains(last);
    }
}
