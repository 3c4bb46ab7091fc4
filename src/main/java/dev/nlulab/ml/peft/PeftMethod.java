package dev.nlulab.ml.peft;

import java.util.Locale;

/** The three fine-tuning methods the labs compare. */
public enum PeftMethod {
    /** Float base + LoRA; merges to a float model. */
    LORA,
    /** NF4 base + LoRA; merges to float, then must be re-quantized (RTN or GPTQ) to deploy in INT-N. */
    QLORA,
    /** INT-N base + group-pooled LoRA; merges exactly into an INT-N model. */
    QALORA;

    public static PeftMethod parse(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (PeftMethod m : values()) {
            if (m.name().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown PEFT method '" + name + "': use lora, qlora or qalora");
    }
}
