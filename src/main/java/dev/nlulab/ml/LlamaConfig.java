package dev.nlulab.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a Llama-family model, as in a Hugging Face {@code config.json}. Field names follow
 * that file so a checkpoint from the hub and one of ours read the same way.
 */
public record LlamaConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int vocabSize,
        double rmsNormEps,
        double ropeTheta,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        int bosTokenId,
        int eosTokenId) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LlamaConfig {
        require(hiddenSize > 0, "hidden_size must be positive");
        require(numAttentionHeads > 0 && numKeyValueHeads > 0, "attention heads must be positive");
        require(numAttentionHeads % numKeyValueHeads == 0,
                "num_attention_heads (" + numAttentionHeads + ") must be a multiple of num_key_value_heads ("
                        + numKeyValueHeads + ")");
        require(headDim > 0 && headDim % 2 == 0, "head_dim (" + headDim + ") must be positive and even for rotary embeddings");
        require(vocabSize > 0 && numHiddenLayers > 0 && intermediateSize > 0,
                "vocab_size, num_hidden_layers and intermediate_size must be positive");
    }

    /** A config with Llama defaults for what is not given: head_dim = hidden / heads, eps 1e-5, theta 10000. */
    public static LlamaConfig of(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
                                 int maxPositions, boolean tied) {
        return new LlamaConfig(hidden, intermediate, layers, heads, kvHeads, hidden / heads, vocab, 1e-5, 10000.0,
                maxPositions, tied, 1, 2);
    }

    public LlamaConfig withSpecialTokens(int bos, int eos) {
        return new LlamaConfig(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads,
                headDim, vocabSize, rmsNormEps, ropeTheta, maxPositionEmbeddings, tieWordEmbeddings, bos, eos);
    }

    public int queriesPerKeyValue() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Number of parameters of the dense model (embedding counted once when tied). */
    public long parameterCount() {
        long d = hiddenSize;
        long attention = d * numAttentionHeads * headDim * 2L + d * numKeyValueHeads * headDim * 2L;
        long mlp = 3L * d * intermediateSize;
        long layer = attention + mlp + 2 * d;
        long embed = (long) vocabSize * d;
        return embed + numHiddenLayers * layer + d + (tieWordEmbeddings ? 0 : embed);
    }

    public static LlamaConfig read(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String where = file.toString();
        if (n.hasNonNull("rope_scaling")) {
            throw new IllegalArgumentException(where + ": rope_scaling " + n.get("rope_scaling")
                    + " is not supported (plain rotary embeddings only)");
        }
        int hidden = requiredInt(n, "hidden_size", where);
        int heads = requiredInt(n, "num_attention_heads", where);
        return new LlamaConfig(
                hidden,
                requiredInt(n, "intermediate_size", where),
                requiredInt(n, "num_hidden_layers", where),
                heads,
                n.path("num_key_value_heads").asInt(heads),
                n.hasNonNull("head_dim") ? n.get("head_dim").asInt() : hidden / heads,
                requiredInt(n, "vocab_size", where),
                n.path("rms_norm_eps").asDouble(1e-6),
                n.path("rope_theta").asDouble(10000.0),
                n.path("max_position_embeddings").asInt(2048),
                n.path("tie_word_embeddings").asBoolean(false),
                firstId(n.get("bos_token_id"), 1),
                firstId(n.get("eos_token_id"), 2));
    }

    public void write(Path file) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add("LlamaForCausalLM");
        n.put("model_type", "llama");
        n.put("hidden_size", hiddenSize);
        n.put("intermediate_size", intermediateSize);
        n.put("num_hidden_layers", numHiddenLayers);
        n.put("num_attention_heads", numAttentionHeads);
        n.put("num_key_value_heads", numKeyValueHeads);
        n.put("head_dim", headDim);
        n.put("vocab_size", vocabSize);
        n.put("rms_norm_eps", rmsNormEps);
        n.put("rope_theta", ropeTheta);
        n.put("max_position_embeddings", maxPositionEmbeddings);
        n.put("tie_word_embeddings", tieWordEmbeddings);
        n.put("bos_token_id", bosTokenId);
        n.put("eos_token_id", eosTokenId);
        n.put("hidden_act", "silu");
        n.put("torch_dtype", "float32");
        try {
            JSON.writeValue(file.toFile(), n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": missing or non-integer field \"" + field + "\"");
        }
        return v.asInt();
    }

    /** HF configs sometimes give a list of eos ids; the first one is the one we stop on. */
    private static int firstId(JsonNode v, int fallback) {
        if (v == null || v.isNull()) return fallback;
        if (v.isArray()) return v.size() == 0 ? fallback : v.get(0).asInt();
        return v.asInt();
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("config: " + message);
    }
}
