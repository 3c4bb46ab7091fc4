package dev.nlulab.ml.peft;

import dev.nlulab.ml.LlamaWeights;
import dev.nlulab.ml.Projection;
import dev.nlulab.ml.quant.IntNWeight;

import java.util.Arrays;
import java.util.List;

/**
 * What to adapt and how. {@code targetModules} are Hugging Face module names (q_proj ... down_proj);
 * the course's short names q, k, v, o, gate, up, down are accepted too. {@code bits} and
 * {@code groupSize} are the INT-N base of QA-LoRA ({@code groupSize <= 0}: per row).
 */
public record PeftConfig(PeftMethod method, int rank, float alpha, float dropout, List<String> targetModules,
        int bits, int groupSize, String baseModel, long seed) {

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
            throw new IllegalArgumentException("target_modules is empty: name some of " + shortNames());
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

    /** The Hugging Face module name of a short ("q") or module ("q_proj") name. */
    static String moduleName(String name) {
        Projection p = Projection.named(name.trim());
        if (p == null) {
            throw new IllegalArgumentException("unknown target module '" + name + "': use " + shortNames() + " or "
                    + Arrays.stream(Projection.values()).map(Projection::moduleName).toList());
        }
        return p.moduleName();
    }

    private static List<String> shortNames() {
        return Arrays.stream(Projection.values()).map(Projection::shortName).toList();
    }

    /** Whether a projection of the model (model.layers.0.self_attn.q_proj) is one of the targets. */
    public boolean targets(String module) {
        LlamaWeights.Site site = LlamaWeights.site(module);
        return site != null && targetModules.contains(site.projection().moduleName());
    }
}
