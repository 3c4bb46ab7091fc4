package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A Llama-family decoder written as plain NDArray math: token embedding, N pre-norm blocks of
 * grouped-query attention with rotary positions and a SwiGLU MLP, a final RMSNorm, and an LM head
 * (tied to the embedding or not). Every projection is a {@link Linear} looked up by its Hugging Face
 * module name, so quantized and PEFT layers replace any of them with {@link #setLinear}.
 *
 * <p>Memory: results belong to the first operand's manager. Callers run a forward inside a
 * short-lived manager after {@link #tempAttach}ing the model to it, so every intermediate dies with it.
 * Not thread-safe: one forward at a time.
 */
public final class LlamaModel implements AutoCloseable {
    private static final float MASKED = -1e9f; // finite, so a fully masked (padding) row stays NaN-free

    private final LlamaConfig config;
    private final NDManager manager;
    private final NDArray embedTokens; // (V, D)
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final RmsNorm norm;        // (D)
    private final Linear lmHead;       // (V, D); null when tied to embedTokens
    private final Map<String, Linear> linears = new LinkedHashMap<>();
    private final RotaryEmbedding rotary;
    private final Set<NDArray> frozen = Collections.newSetFromMap(new IdentityHashMap<>());

    private LlamaModel(LlamaConfig config, NDManager manager, Map<String, NDArray> weights, String source) {
        this.config = config;
        this.manager = manager;
        Map<String, NDArray> remaining = new LinkedHashMap<>(weights);
        int d = config.hiddenSize();
        int hd = config.headDim();
        this.embedTokens = take(remaining, "model.embed_tokens.weight", new Shape(config.vocabSize(), d), source);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            dense(remaining, p + "self_attn.q_proj", (long) config.numAttentionHeads() * hd, d, source);
            dense(remaining, p + "self_attn.k_proj", (long) config.numKeyValueHeads() * hd, d, source);
            dense(remaining, p + "self_attn.v_proj", (long) config.numKeyValueHeads() * hd, d, source);
            dense(remaining, p + "self_attn.o_proj", d, (long) config.numAttentionHeads() * hd, source);
            dense(remaining, p + "mlp.gate_proj", config.intermediateSize(), d, source);
            dense(remaining, p + "mlp.up_proj", config.intermediateSize(), d, source);
            dense(remaining, p + "mlp.down_proj", d, config.intermediateSize(), source);
            RmsNorm in = new RmsNorm(take(remaining, p + "input_layernorm.weight", new Shape(d), source), config.rmsNormEps());
            RmsNorm post = new RmsNorm(take(remaining, p + "post_attention_layernorm.weight", new Shape(d), source),
                    config.rmsNormEps());
            layers.add(new DecoderLayer(i, linears, in, post, config));
        }
        this.norm = new RmsNorm(take(remaining, "model.norm.weight", new Shape(d), source), config.rmsNormEps());
        if (config.tieWordEmbeddings()) {
            NDArray extra = remaining.remove("lm_head.weight"); // some tied checkpoints store a copy
            if (extra != null) extra.close();
            this.lmHead = null;
        } else {
            this.lmHead = new DenseLinear(take(remaining, "lm_head.weight", new Shape(config.vocabSize(), d), source), true);
        }
        remaining.keySet().removeIf(name -> name.endsWith("rotary_emb.inv_freq")); // recomputed from rope_theta
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException(source + ": tensor " + remaining.keySet().iterator().next()
                    + " is not part of a Llama model with this config.json (" + remaining.size() + " unexpected tensors)");
        }
        for (NDArray a : ownArrays()) a.setRequiresGradient(true);
        this.rotary = new RotaryEmbedding(hd, config.ropeTheta());
    }

    /** A freshly initialized model (weights N(0, 0.02) from a Java Random, norms 1), in a child of {@code parent}. */
    public static LlamaModel random(LlamaConfig config, long seed, NDManager parent) {
        NDManager manager = parent.newSubManager();
        Random random = new Random(seed);
        Map<String, NDArray> w = new LinkedHashMap<>();
        int d = config.hiddenSize();
        int hd = config.headDim();
        w.put("model.embed_tokens.weight", gaussian(manager, random, config.vocabSize(), d));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            w.put(p + "self_attn.q_proj.weight", gaussian(manager, random, config.numAttentionHeads() * hd, d));
            w.put(p + "self_attn.k_proj.weight", gaussian(manager, random, config.numKeyValueHeads() * hd, d));
            w.put(p + "self_attn.v_proj.weight", gaussian(manager, random, config.numKeyValueHeads() * hd, d));
            w.put(p + "self_attn.o_proj.weight", gaussian(manager, random, d, config.numAttentionHeads() * hd));
            w.put(p + "mlp.gate_proj.weight", gaussian(manager, random, config.intermediateSize(), d));
            w.put(p + "mlp.up_proj.weight", gaussian(manager, random, config.intermediateSize(), d));
            w.put(p + "mlp.down_proj.weight", gaussian(manager, random, d, config.intermediateSize()));
            w.put(p + "input_layernorm.weight", manager.ones(new Shape(d)));
            w.put(p + "post_attention_layernorm.weight", manager.ones(new Shape(d)));
        }
        w.put("model.norm.weight", manager.ones(new Shape(d)));
        if (!config.tieWordEmbeddings()) w.put("lm_head.weight", gaussian(manager, random, config.vocabSize(), d));
        return new LlamaModel(config, manager, w, "random init");
    }

    /** Builds a model from named tensors (HF names), checking every shape against the config. */
    public static LlamaModel fromTensors(LlamaConfig config, Map<String, NDArray> tensors, NDManager manager, String source) {
        return new LlamaModel(config, manager, tensors, source);
    }

    /** Loads {@code config.json} and {@code model.safetensors} (or its sharded form) from a folder. */
    public static LlamaModel load(Path dir, NDManager parent) {
        LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
        NDManager manager = parent.newSubManager();
        try {
            return new LlamaModel(config, manager, Safetensors.readCheckpoint(dir, manager), dir.toString());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Writes {@code config.json} and {@code model.safetensors} (float32) into {@code dir}. */
    public void save(Path dir) {
        save(dir, DataType.FLOAT32);
    }

    public void save(Path dir, DataType floatType) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        config.write(dir.resolve("config.json"));
        Safetensors.write(dir.resolve(Safetensors.SINGLE_FILE), tensors(), floatType);
    }

    /**
     * Logits for a batch. inputIds (B, T) int64; positionIds (B, T) or null for past..past+T-1;
     * attentionMask (B, S) with S = cache length + T, nonzero where a key is a real token (null: all
     * real); cache null for a plain forward. Returns (B, T, V).
     */
    public NDArray forward(NDArray inputIds, NDArray positionIds, NDArray attentionMask, KvCache cache) {
        NDManager m = inputIds.getManager();
        long b = inputIds.getShape().get(0);
        long t = inputIds.getShape().get(1);
        long past = cache == null ? 0 : cache.length();
        if (positionIds == null) positionIds = m.arange(past, past + t).reshape(1, t).repeat(0, b);
        NDList cosSin = rotary.cosSin(positionIds);
        NDArray bias = attentionBias(m, b, t, past, attentionMask);
        NDArray x = embedTokens.get(m, new NDIndex("{}", inputIds)); // (B, T, D)
        for (DecoderLayer layer : layers) x = layer.forward(x, cosSin.get(0), cosSin.get(1), bias, cache);
        x = norm.forward(x);
        return lmHead == null ? x.matMul(embedTokens.transpose()) : lmHead.forward(x); // (B, T, V)
    }

    /** Logits of a whole batch without padding or cache: (B, T) -> (B, T, V). */
    public NDArray forward(NDArray inputIds) {
        return forward(inputIds, null, null, null);
    }

    /** (B|1, 1, 1, T, S): 0 where query i may see key j (j <= past + i and j is not padding), else -1e9. */
    private static NDArray attentionBias(NDManager m, long b, long t, long past, NDArray attentionMask) {
        long s = past + t;
        NDArray queries = m.arange(past, s).reshape(t, 1);       // (T, 1)
        NDArray keys = m.arange(0L, s).reshape(1, s);            // (1, S)
        NDArray visible = keys.lte(queries).reshape(1, t, s);    // (1, T, S) causal
        if (attentionMask != null) {
            if (attentionMask.getShape().get(1) != s) {
                throw new IllegalArgumentException("attention mask covers " + attentionMask.getShape().get(1)
                        + " positions, expected cache + input = " + s);
            }
            visible = visible.logicalAnd(attentionMask.toType(DataType.BOOLEAN, false).reshape(b, 1, s)); // (B, T, S)
        }
        NDArray one = m.create(1f);
        NDArray big = m.create(-MASKED);
        NDArray bias = visible.toType(DataType.FLOAT32, false).sub(one).mul(big);
        return bias.reshape(bias.getShape().get(0), 1, 1, t, s);
    }

    /** The projections by Hugging Face module name, in model order (layer by layer, q k v o gate up down). */
    public Map<String, Linear> linears() {
        return Collections.unmodifiableMap(linears);
    }

    /** Replaces one projection (a quantized or PEFT layer); its shape must match the one it replaces. */
    public void setLinear(String name, Linear layer) {
        Linear old = linears.get(name);
        if (old == null) throw new IllegalArgumentException("no linear named " + name + " in this model");
        if (old.inFeatures() != layer.inFeatures() || old.outFeatures() != layer.outFeatures()) {
            throw new IllegalArgumentException(name + ": replacement is (" + layer.outFeatures() + ", "
                    + layer.inFeatures() + ") but the model needs (" + old.outFeatures() + ", " + old.inFeatures() + ")");
        }
        linears.put(name, layer);
    }

    /** Every array the optimizer updates: unfrozen embedding, norms and head, then each linear's trainables. */
    public List<NDArray> trainable() {
        List<NDArray> out = new ArrayList<>();
        for (NDArray a : ownArrays()) if (!frozen.contains(a)) out.add(a);
        if (lmHead != null) out.addAll(lmHead.trainable());
        for (Linear l : linears.values()) out.addAll(l.trainable());
        return out;
    }

    /** Freezes the embedding, norms, head and every dense projection (for adapters trained on top). */
    public void freezeAll() {
        for (NDArray a : ownArrays()) {
            a.setRequiresGradient(false);
            frozen.add(a);
        }
        if (lmHead instanceof DenseLinear dense) dense.setTrainable(false);
        for (Linear l : linears.values()) if (l instanceof DenseLinear dense) dense.setTrainable(false);
    }

    /** All tensors to save, under Hugging Face names (a linear's own suffixes after its module name). */
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", embedTokens);
        for (int i = 0; i < layers.size(); i++) {
            String p = "model.layers." + i + ".";
            for (Map.Entry<String, Linear> e : linears.entrySet()) {
                if (e.getKey().startsWith(p)) e.getValue().tensors().forEach((k, v) -> out.put(e.getKey() + "." + k, v));
            }
            out.put(p + "input_layernorm.weight", layers.get(i).inputNorm.weight);
            out.put(p + "post_attention_layernorm.weight", layers.get(i).postAttentionNorm.weight);
        }
        out.put("model.norm.weight", norm.weight);
        if (lmHead != null) lmHead.tensors().forEach((k, v) -> out.put("lm_head." + k, v));
        return out;
    }

    /**
     * Temporarily moves every array of the model (including its linears' tensors and trainables) into
     * {@code scope}, so results computed from them belong to it and die when it closes; the arrays go
     * back to their own managers then (docs/djl-pitfalls.md #2).
     */
    public void tempAttach(NDManager scope) {
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(tensors().values());
        seen.addAll(trainable());
        for (Linear l : linears.values()) seen.addAll(l.trainable());
        for (NDArray a : seen) a.tempAttach(scope);
    }

    public LlamaConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** Number of scalars in the arrays the optimizer updates. */
    public long trainableParameterCount() {
        return trainable().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    @Override
    public void close() {
        manager.close();
    }

    private List<NDArray> ownArrays() {
        List<NDArray> own = new ArrayList<>();
        own.add(embedTokens);
        for (DecoderLayer l : layers) {
            own.add(l.inputNorm.weight);
            own.add(l.postAttentionNorm.weight);
        }
        own.add(norm.weight);
        return own;
    }

    private void dense(Map<String, NDArray> remaining, String module, long out, long in, String source) {
        linears.put(module, new DenseLinear(take(remaining, module + ".weight", new Shape(out, in), source), true));
    }

    private NDArray take(Map<String, NDArray> remaining, String name, Shape expected, String source) {
        NDArray a = remaining.remove(name);
        if (a == null) {
            throw new IllegalArgumentException(source + ": tensor " + name + " is missing (expected shape " + expected + ")");
        }
        if (!a.getShape().equals(expected)) {
            throw new IllegalArgumentException(source + ": tensor " + name + " has shape " + a.getShape()
                    + " but config.json (hidden_size " + config.hiddenSize() + ", intermediate_size "
                    + config.intermediateSize() + ", heads " + config.numAttentionHeads() + "/" + config.numKeyValueHeads()
                    + ", vocab_size " + config.vocabSize() + ") expects " + expected);
        }
        if (a.getDataType() != DataType.FLOAT32) {
            NDArray f = a.toType(DataType.FLOAT32, false);
            a.close();
            a = f;
        }
        a.attach(manager);
        return a;
    }

    private static NDArray gaussian(NDManager m, Random random, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (float) (random.nextGaussian() * 0.02);
        return m.create(v, new Shape(rows, cols));
    }
}
