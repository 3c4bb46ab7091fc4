package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static dev.nlulab.ml.Projection.DOWN;
import static dev.nlulab.ml.Projection.GATE;
import static dev.nlulab.ml.Projection.K;
import static dev.nlulab.ml.Projection.O;
import static dev.nlulab.ml.Projection.Q;
import static dev.nlulab.ml.Projection.UP;
import static dev.nlulab.ml.Projection.V;

/**
 * A Llama checkpoint's tensors under their Hugging Face names, the one place those names are
 * written: which tensor is which part of the model, what shape the config gives it, and the way
 * back from a model to named tensors. Loading, saving, the quantized checkpoint and PEFT's target
 * modules all name tensors through here.
 * <pre>
 * model.embed_tokens.weight                         (V, D)
 * model.layers.{i}.input_layernorm.weight           (D)
 * model.layers.{i}.self_attn.{q,k,v,o}_proj.weight  see {@link Projection}
 * model.layers.{i}.post_attention_layernorm.weight  (D)
 * model.layers.{i}.mlp.{gate,up,down}_proj.weight   see {@link Projection}
 * model.norm.weight                                 (D)
 * lm_head.weight                                    (V, D), absent when tied to the embedding
 * </pre>
 */
public final class LlamaWeights {
    public static final String EMBED_TOKENS = "model.embed_tokens.weight";
    public static final String NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head";
    private static final String LAYERS = "model.layers.";

    /** How a projection is made from the checkpoint's tensors: dense by default, quantized for an INT-N checkpoint. */
    @FunctionalInterface
    public interface LinearReader {
        /**
         * Takes the tensors of {@code module} ("model.layers.0.self_attn.q_proj") out of {@code remaining}
         * and builds its layer, of shape (out, in), with arrays in {@code manager}.
         */
        Linear read(String module, long out, long in, Map<String, NDArray> remaining, NDManager manager);
    }

    /** Reads {@code <module>.weight} as a trainable float32 {@link DenseLinear}. */
    public static final LinearReader DENSE = (module, out, in, remaining, manager) ->
            new DenseLinear(take(remaining, module + ".weight", new Shape(out, in), manager), true);

    private LlamaWeights() {
    }

    /** "model.layers.3.mlp.up_proj". */
    public static String module(int layer, Projection p) {
        return LAYERS + layer + "." + p.path();
    }

    public static String inputNorm(int layer) {
        return LAYERS + layer + ".input_layernorm.weight";
    }

    public static String postAttentionNorm(int layer) {
        return LAYERS + layer + ".post_attention_layernorm.weight";
    }

    /** Where a projection sits: its layer and which of the seven it is. */
    public record Site(int layer, Projection projection) {
    }

    /** The site of a module name ("model.layers.3.mlp.up_proj"), or null when it names no projection. */
    public static Site site(String module) {
        if (!module.startsWith(LAYERS)) return null;
        int dot = module.indexOf('.', LAYERS.length());
        if (dot < 0) return null;
        int layer;
        try {
            layer = Integer.parseInt(module.substring(LAYERS.length(), dot));
        } catch (NumberFormatException e) {
            return null;
        }
        String path = module.substring(dot + 1);
        for (Projection p : Projection.values()) {
            if (p.path().equals(path)) return new Site(layer, p);
        }
        return null;
    }

    /**
     * A model from named tensors, every shape checked against the config; float tensors become
     * float32 (docs/djl-pitfalls.md #3). The model owns {@code manager}. A missing, misshapen or
     * unexpected tensor is an error naming it and {@code source}.
     */
    public static LlamaModel read(LlamaConfig config, Map<String, NDArray> tensors, NDManager manager, String source,
            LinearReader projections) {
        Map<String, NDArray> remaining = new LinkedHashMap<>(tensors);
        long d = config.hiddenSize();
        try {
            NDArray embedTokens = take(remaining, EMBED_TOKENS, new Shape(config.vocabSize(), d), manager);
            List<DecoderLayer> layers = new ArrayList<>();
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                int layer = i;
                Function<Projection, Linear> read = p -> projection(projections, config, layer, p, remaining, manager);
                RmsNorm in = new RmsNorm(take(remaining, inputNorm(i), new Shape(d), manager), config.rmsNormEps(), manager);
                Attention attention = new Attention(read.apply(Q), read.apply(K), read.apply(V), read.apply(O), config, manager);
                RmsNorm post = new RmsNorm(take(remaining, postAttentionNorm(i), new Shape(d), manager), config.rmsNormEps(), manager);
                Mlp mlp = new Mlp(read.apply(GATE), read.apply(UP), read.apply(DOWN));
                layers.add(new DecoderLayer(i, in, attention, post, mlp));
            }
            RmsNorm norm = new RmsNorm(take(remaining, NORM, new Shape(d), manager), config.rmsNormEps(), manager);
            Linear lmHead = null; // tied: the head is the embedding
            if (config.tieWordEmbeddings()) {
                NDArray extra = remaining.remove(LM_HEAD + ".weight"); // some tied checkpoints store a copy
                if (extra != null) extra.close();
            } else {
                lmHead = DENSE.read(LM_HEAD, config.vocabSize(), d, remaining, manager);
            }
            remaining.keySet().removeIf(name -> name.endsWith("rotary_emb.inv_freq")); // recomputed from rope_theta
            if (!remaining.isEmpty()) {
                throw new IllegalArgumentException("tensor " + remaining.keySet().iterator().next()
                        + " is not part of a Llama model with this config.json (" + remaining.size() + " unexpected tensors)");
            }
            return new LlamaModel(config, manager, embedTokens, layers, norm, lmHead);
        } catch (ShapeMismatch e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage() + " but config.json (hidden_size "
                    + config.hiddenSize() + ", intermediate_size " + config.intermediateSize() + ", heads "
                    + config.numAttentionHeads() + "/" + config.numKeyValueHeads() + ", vocab_size " + config.vocabSize()
                    + ") expects " + e.expected, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every tensor of the model under its Hugging Face name, in checkpoint order (a layer's
     * projections with their own suffixes after the module name: "weight", or "qweight", "scales", ...).
     */
    public static Map<String, NDArray> of(LlamaModel model) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(EMBED_TOKENS, model.embedTokens());
        List<DecoderLayer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            DecoderLayer layer = layers.get(i);
            for (Projection p : Projection.values()) {
                String module = module(i, p);
                layer.projection(p).tensors().forEach((suffix, t) -> out.put(module + "." + suffix, t));
            }
            out.put(inputNorm(i), layer.inputNorm.weight);
            out.put(postAttentionNorm(i), layer.postAttentionNorm.weight);
        }
        out.put(NORM, model.norm().weight);
        if (model.lmHead() != null) model.lmHead().tensors().forEach((suffix, t) -> out.put(LM_HEAD + "." + suffix, t));
        return out;
    }

    /** Fresh tensors for a config: weights N(0, 0.02) from a Java Random in checkpoint order, norms 1. */
    static Map<String, NDArray> random(LlamaConfig config, long seed, NDManager manager) {
        Random random = new Random(seed);
        Map<String, NDArray> w = new LinkedHashMap<>();
        int d = config.hiddenSize();
        w.put(EMBED_TOKENS, gaussian(manager, random, config.vocabSize(), d));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            for (Projection p : Projection.values()) {
                w.put(module(i, p) + ".weight", gaussian(manager, random, p.outFeatures(config), p.inFeatures(config)));
            }
            w.put(inputNorm(i), manager.ones(new Shape(d)));
            w.put(postAttentionNorm(i), manager.ones(new Shape(d)));
        }
        w.put(NORM, manager.ones(new Shape(d)));
        if (!config.tieWordEmbeddings()) w.put(LM_HEAD + ".weight", gaussian(manager, random, config.vocabSize(), d));
        return w;
    }

    /** Takes one tensor out of {@code remaining}, checks its shape, makes it float32 and moves it into {@code manager}. */
    private static NDArray take(Map<String, NDArray> remaining, String name, Shape expected, NDManager manager) {
        NDArray a = remaining.remove(name);
        if (a == null) {
            throw new IllegalArgumentException("tensor " + name + " is missing (expected shape " + expected + ")");
        }
        if (!a.getShape().equals(expected)) {
            throw new ShapeMismatch("tensor " + name + " has shape " + a.getShape(), expected);
        }
        if (a.getDataType() != DataType.FLOAT32) {
            NDArray f = a.toType(DataType.FLOAT32, false);
            a.close();
            a = f;
        }
        a.attach(manager);
        return a;
    }

    private static Linear projection(LinearReader reader, LlamaConfig config, int layer, Projection p,
            Map<String, NDArray> remaining, NDManager manager) {
        String module = module(layer, p);
        long out = p.outFeatures(config);
        long in = p.inFeatures(config);
        Linear linear = reader.read(module, out, in, remaining, manager);
        if (linear.outFeatures() != out || linear.inFeatures() != in) {
            throw new ShapeMismatch(module + " is (" + linear.outFeatures() + ", " + linear.inFeatures() + ")", new Shape(out, in));
        }
        return linear;
    }

    /** A tensor or layer of another shape than the config gives it; {@link #read} says what the config says. */
    private static final class ShapeMismatch extends IllegalArgumentException {
        final Shape expected;

        ShapeMismatch(String message, Shape expected) {
            super(message);
            this.expected = expected;
        }
    }

    private static NDArray gaussian(NDManager m, Random random, long rows, long cols) {
        float[] v = new float[Math.toIntExact(rows * cols)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (random.nextGaussian() * 0.02);
        return m.create(v, new Shape(rows, cols));
    }
}
