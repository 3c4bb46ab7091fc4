package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

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
import java.util.Set;

/**
 * A Llama-family decoder written as plain NDArray math: token embedding, N pre-norm blocks of
 * grouped-query attention with rotary positions and a SwiGLU MLP, a final RMSNorm, and an LM head
 * (tied to the embedding or not). Each block holds its seven projections as {@link Linear} fields;
 * quantized and PEFT layers replace any of them by module name with {@link #setLinear}.
 * {@link LlamaWeights} names the tensors and builds a model from them.
 *
 * <p>Memory: results belong to the first operand's manager. Callers run a forward inside a
 * short-lived manager after {@link #tempAttach}ing the model to it, so every intermediate dies with it.
 * Not thread-safe: one forward at a time.
 */
public final class LlamaModel implements AutoCloseable {
    private static final float MASKED = -1e9f; // finite, so a fully masked (padding) row stays NaN-free

    private final LlamaConfig config;
    private final NDManager manager;
    private final NDArray embedTokens;        // (V, D)
    private final List<DecoderLayer> layers;  // N blocks
    private final RmsNorm norm;               // (D)
    private final Linear lmHead;              // (V, D); null when tied to embedTokens
    private final RotaryEmbedding rotary;
    private final NDArray one;                // (): constants of the attention bias, made once (docs/djl-pitfalls.md #9)
    private final NDArray masked;             // (): -MASKED
    private final Set<NDArray> frozen = Collections.newSetFromMap(new IdentityHashMap<>());
    private ArrayWeights arrayWeights;        // guarded by this: the weights as Java arrays for decode steps, read once

    LlamaModel(LlamaConfig config, NDManager manager, NDArray embedTokens, List<DecoderLayer> layers, RmsNorm norm,
               Linear lmHead) {
        this.config = config;
        this.manager = manager;
        this.embedTokens = embedTokens;
        this.layers = List.copyOf(layers);
        this.norm = norm;
        this.lmHead = lmHead;
        this.rotary = new RotaryEmbedding(config.headDim(), config.ropeTheta(), manager);
        this.one = manager.create(1f);
        this.masked = manager.create(-MASKED);
        for (NDArray a : ownArrays()) a.setRequiresGradient(true);
    }

    /** A freshly initialized model (weights N(0, 0.02) from a Java Random, norms 1), in a child of {@code parent}. */
    public static LlamaModel random(LlamaConfig config, long seed, NDManager parent) {
        NDManager manager = parent.newSubManager();
        return LlamaWeights.read(config, LlamaWeights.random(config, seed, manager), manager, "random init",
                LlamaWeights.DENSE);
    }

    /** Builds a model from named tensors (HF names), checking every shape against the config. */
    public static LlamaModel fromTensors(LlamaConfig config, Map<String, NDArray> tensors, NDManager manager, String source) {
        return LlamaWeights.read(config, tensors, manager, source, LlamaWeights.DENSE);
    }

    /** Loads {@code config.json} and {@code model.safetensors} (or its sharded form) from a folder. */
    public static LlamaModel load(Path dir, NDManager parent) {
        return load(dir, parent, LlamaWeights.DENSE);
    }

    /** Loads a model folder whose projections {@code projections} reads (e.g. quantized ones). */
    public static LlamaModel load(Path dir, NDManager parent, LlamaWeights.LinearReader projections) {
        LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
        NDManager manager = parent.newSubManager();
        try {
            return LlamaWeights.read(config, Safetensors.readCheckpoint(dir, manager), manager, dir.toString(), projections);
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
        return forward(inputIds, positionIds, attentionMask, cache, null, false);
    }

    /**
     * As {@link #forward(NDArray, NDArray, NDArray, KvCache)}, but the logits of the last position only,
     * (B, 1, V): what decoding reads, without the LM head's product for every position of a prompt.
     */
    public NDArray forwardLast(NDArray inputIds, NDArray positionIds, NDArray attentionMask, KvCache cache) {
        return forward(inputIds, positionIds, attentionMask, cache, null, true);
    }

    /**
     * The attention weights of every layer for a batch without padding or cache: (B, T) ->
     * (L, B, H, T, T), row i of a head being how token i spreads its attention over tokens 0..i.
     */
    public NDArray attentionWeights(NDArray inputIds) {
        List<NDArray> weights = new ArrayList<>();
        forward(inputIds, null, null, null, weights, false);
        return NDArrays.stack(new NDList(weights));                                      // (L, B, H, T, T)
    }

    private NDArray forward(NDArray inputIds, NDArray positionIds, NDArray attentionMask, KvCache cache, List<NDArray> weightsOut, boolean lastOnly) {
        NDManager m = inputIds.getManager();
        long b = inputIds.getShape().get(0);
        long t = inputIds.getShape().get(1);
        long past = cache == null ? 0 : cache.length();
        if (positionIds == null) positionIds = m.arange(past, past + t).reshape(1, t).repeat(0, b); // (B, T)
        RotaryEmbedding.Angles angles = rotary.angles(positionIds);                       // (B, 1, T, hd)
        NDArray bias = attentionBias(m, b, t, past, attentionMask);                       // (B|1, 1, 1, T, S)
        NDArray x = embedTokens.get(m, new NDIndex("{}", inputIds));                      // (B, T, D)
        for (DecoderLayer layer : layers) x = layer.forward(x, angles, bias, cache, weightsOut); // (B, T, D)
        if (lastOnly && t > 1) x = x.get(":, -1:, :");                                   // (B, 1, D)
        x = norm.forward(x);                                                              // (B, T|1, D)
        return lmHead == null ? DenseLinear.linear(x, embedTokens) : lmHead.forward(x);   // (B, T|1, V)
    }

    /** Logits of a whole batch without padding or cache: (B, T) -> (B, T, V). */
    public NDArray forward(NDArray inputIds) {
        return forward(inputIds, null, null, null);
    }

    /**
     * (B|1, 1, 1, T, S): 0 where query i may see key j (j <= past + i and j is not padding), else -1e9;
     * null when every key is visible (one new token and no padding), which attention then skips. The
     * causal part compares positions from arange: DJL has no triu (docs/djl-pitfalls.md #4); a single
     * new token sees every earlier key, so it needs only the padding part.
     */
    private NDArray attentionBias(NDManager m, long b, long t, long past, NDArray attentionMask) {
        long s = past + t;
        if (attentionMask != null && attentionMask.getShape().get(1) != s) {
            throw new IllegalArgumentException("attention mask covers " + attentionMask.getShape().get(1)
                    + " positions, expected cache + input = " + s);
        }
        if (t == 1) {
            if (attentionMask == null) return null;
            NDArray visible = attentionMask.toType(DataType.FLOAT32, false);      // (B, S): 1 or 0
            return visible.sub(one).mul(masked).reshape(b, 1, 1, 1, s); // 0 or -1e9
        }
        NDArray queries = m.arange(past, s).reshape(t, 1);       // (T, 1)
        NDArray keys = m.arange(0L, s).reshape(1, s);            // (1, S)
        NDArray visible = keys.lte(queries).reshape(1, t, s);    // (1, T, S) causal
        if (attentionMask != null) {
            visible = visible.logicalAnd(attentionMask.toType(DataType.BOOLEAN, false).reshape(b, 1, s)); // (B, T, S)
        }
        NDArray bias = visible.toType(DataType.FLOAT32, false).sub(one).mul(masked); // (B|1, T, S): 0 or -1e9
        return bias.reshape(bias.getShape().get(0), 1, 1, t, s); // (B|1, 1, 1, T, S)
    }

    /**
     * The projections by Hugging Face module name, in model order (layer by layer, q k v o gate up
     * down): a snapshot, which {@link #setLinear} does not change.
     */
    public Map<String, Linear> linears() {
        Map<String, Linear> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Projection p : Projection.values()) out.put(LlamaWeights.module(i, p), layers.get(i).projection(p));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Replaces one projection (a quantized or PEFT layer); its shape must match the one it replaces. */
    public void setLinear(String name, Linear layer) {
        LlamaWeights.Site site = LlamaWeights.site(name);
        if (site == null || site.layer() >= layers.size()) {
            throw new IllegalArgumentException("no linear named " + name + " in this model");
        }
        DecoderLayer block = layers.get(site.layer());
        Linear old = block.projection(site.projection());
        if (old.inFeatures() != layer.inFeatures() || old.outFeatures() != layer.outFeatures()) {
            throw new IllegalArgumentException(name + ": replacement is (" + layer.outFeatures() + ", "
                    + layer.inFeatures() + ") but the model needs (" + old.outFeatures() + ", " + old.inFeatures() + ")");
        }
        block.setProjection(site.projection(), layer);
        synchronized (this) {
            arrayWeights = null;
        }
    }

    /**
     * The weights as Java arrays for decode steps ({@link ArrayDecoder}), read on first use and kept:
     * null when a projection or the head is not a {@link DenseLinear} (quantized, PEFT), whose model
     * decodes through DJL. Call it synchronized on the model, as generation and training are.
     */
    ArrayWeights arrayWeights() {
        if (arrayWeights == null && ArrayWeights.fits(this)) arrayWeights = new ArrayWeights(this);
        return arrayWeights;
    }

    /**
     * Drops the array copy of the weights after they changed in place (an optimizer step, a resumed
     * checkpoint: {@link Trainer} calls it); the next generation reads them again.
     */
    void weightsChanged() {
        arrayWeights = null;
    }

    /** Every array the optimizer updates: unfrozen embedding, norms and head, then each linear's trainables. */
    public List<NDArray> trainable() {
        List<NDArray> out = new ArrayList<>();
        for (NDArray a : ownArrays()) if (!frozen.contains(a)) out.add(a);
        if (lmHead != null) out.addAll(lmHead.trainable());
        for (Linear l : linears().values()) out.addAll(l.trainable());
        return out;
    }

    /** Freezes the embedding, norms, head and every dense projection (for adapters trained on top). */
    public void freezeAll() {
        for (NDArray a : ownArrays()) {
            a.setRequiresGradient(false);
            frozen.add(a);
        }
        if (lmHead instanceof DenseLinear dense) dense.setTrainable(false);
        for (Linear l : linears().values()) if (l instanceof DenseLinear dense) dense.setTrainable(false);
    }

    /** All tensors to save, under Hugging Face names ({@link LlamaWeights#of}). */
    public Map<String, NDArray> tensors() {
        return LlamaWeights.of(this);
    }

    /**
     * Temporarily moves every array of the model (including its linears' tensors and trainables) into
     * {@code scope}, so results computed from them belong to it and die when it closes; the arrays go
     * back to their own managers then (docs/djl-pitfalls.md #2).
     */
    public void tempAttach(NDManager scope) {
        for (NDArray a : arrays()) a.tempAttach(scope);
    }

    /**
     * The arrays {@link #tempAttach} moves, each once: a snapshot that a caller running many steps on an
     * unchanging model computes once (building it names every tensor, which costs more than the moves).
     */
    public List<NDArray> arrays() {
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(tensors().values());
        seen.addAll(trainable());
        for (Linear l : linears().values()) seen.addAll(l.trainable());
        return List.copyOf(seen);
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

    NDArray embedTokens() {
        return embedTokens;
    }

    List<DecoderLayer> layers() {
        return layers;
    }

    RmsNorm norm() {
        return norm;
    }

    Linear lmHead() {
        return lmHead;
    }
}
