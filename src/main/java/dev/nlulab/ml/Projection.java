package dev.nlulab.ml;

import java.util.Locale;

/**
 * The seven linear maps of a Llama block, in checkpoint order: attention's q, k, v, o and the
 * MLP's gate, up, down. Each knows its Hugging Face module name (what PEFT's target_modules list),
 * the course's short name, and its (out, in) shape under a config.
 */
public enum Projection {
    Q("self_attn.q_proj"),
    K("self_attn.k_proj"),
    V("self_attn.v_proj"),
    O("self_attn.o_proj"),
    GATE("mlp.gate_proj"),
    UP("mlp.up_proj"),
    DOWN("mlp.down_proj");

    private final String path; // below model.layers.<i>.

    Projection(String path) {
        this.path = path;
    }

    /** Where it sits in a block: "self_attn.q_proj". */
    public String path() {
        return path;
    }

    /** Its Hugging Face module name: "q_proj". */
    public String moduleName() {
        return path.substring(path.indexOf('.') + 1);
    }

    /** The course's short name: "q". */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Output features: H*hd for q, KV*hd for k and v, D for o and down, F for gate and up. */
    public long outFeatures(LlamaConfig c) {
        return switch (this) {
            case Q -> (long) c.numAttentionHeads() * c.headDim();
            case K, V -> (long) c.numKeyValueHeads() * c.headDim();
            case O, DOWN -> c.hiddenSize();
            case GATE, UP -> c.intermediateSize();
        };
    }

    /** Input features: D for q, k, v, gate and up, H*hd for o, F for down. */
    public long inFeatures(LlamaConfig c) {
        return switch (this) {
            case Q, K, V, GATE, UP -> c.hiddenSize();
            case O -> (long) c.numAttentionHeads() * c.headDim();
            case DOWN -> c.intermediateSize();
        };
    }

    /** The projection with this short name ("q") or module name ("q_proj"), or null. */
    public static Projection named(String name) {
        for (Projection p : values()) {
            if (p.shortName().equals(name) || p.moduleName().equals(name)) return p;
        }
        return null;
    }
}
