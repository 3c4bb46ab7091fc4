package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.LlamaWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A merged INT-N model on disk: the model's own checkpoint, where each quantized projection is
 * {@code <module>.qweight} (uint8 bit stream, row-major), {@code <module>.scales} and float
 * {@code <module>.zeros} (out, groups), plus a {@code quantization_config} (bits, group_size) in
 * config.json. Zeros are floats, not GPTQ's packed qzeros: merged QA-LoRA zeros are not integers.
 */
public final class QuantizedCheckpoint {
    public static final String QUANT_METHOD = "nlulab-intn";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SUFFIXES = {"qweight", "scales", "zeros"};

    private QuantizedCheckpoint() {
    }

    /** Saves a model whose INT-N layers all share {@code bits} and {@code groupSize} ({@code <= 0}: per row). */
    public static void save(LlamaModel model, Path dir, int bits, int groupSize) {
        for (Map.Entry<String, Linear> e : model.linears().entrySet()) {
            if (e.getValue() instanceof QuantizedLinear q && q.weight() instanceof IntNWeight w
                    && (w.bits() != bits || w.groupSize() != IntNWeight.resolveGroupSize(groupSize, w.cols()))) {
                throw new IllegalArgumentException(e.getKey() + " is " + w.bits() + "-bit with group "
                        + w.groupSize() + ", not " + bits + "-bit with group " + groupSize);
            }
        }
        model.save(dir);
        Path config = dir.resolve("config.json");
        try {
            ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
            ObjectNode q = c.putObject("quantization_config");
            q.put("quant_method", QUANT_METHOD);
            q.put("bits", bits);
            q.put("group_size", groupSize <= 0 ? -1 : groupSize);
            q.put("sym", false);
            q.put("zeros_dtype", "float32");
            q.put("packing", "little-endian bit stream, row-major");
            JSON.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add quantization_config to " + config + ": " + e.getMessage(), e);
        }
    }

    /** Whether a model folder holds an INT-N model saved by {@link #save}. */
    public static boolean isQuantized(Path dir) {
        Path config = dir.resolve("config.json");
        try {
            return Files.exists(config) && JSON.readTree(config.toFile()).has("quantization_config");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    /** A converted model is used with the tokenizer of the model it came from. */
    public static void copyTokenizer(Path from, Path to) throws IOException {
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            if (Files.exists(from.resolve(file))) {
                Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Loads any model folder: a float checkpoint, or an INT-N one saved by {@link #save} (a quantized or
     * merged model). Everything that serves or evaluates a model loads it here.
     */
    public static LlamaModel loadAny(Path dir, NDManager parent) {
        return isQuantized(dir) ? load(dir, parent) : LlamaModel.load(dir, parent);
    }

    /** Loads a model saved by {@link #save}: INT-N layers come back as {@link QuantizedLinear}. */
    public static LlamaModel load(Path dir, NDManager parent) {
        Path configFile = dir.resolve("config.json");
        JsonNode q;
        try {
            q = JSON.readTree(configFile.toFile()).get("quantization_config");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        if (q == null || !q.has("bits") || !q.has("group_size") || !QUANT_METHOD.equals(q.path("quant_method").asText())) {
            throw new IllegalArgumentException(configFile + ": needs a quantization_config with quant_method \""
                    + QUANT_METHOD + "\", bits and group_size");
        }
        int bits = q.get("bits").asInt();
        int groupSize = q.get("group_size").asInt();
        return LlamaModel.load(dir, parent, intN(bits, groupSize));
    }

    /** Projections saved as qweight, scales and zeros come back as INT-N layers, the others as dense ones. */
    private static LlamaWeights.LinearReader intN(int bits, int groupSize) {
        return (module, out, in, remaining, manager) -> {
            if (!remaining.containsKey(module + ".qweight")) return LlamaWeights.DENSE.read(module, out, in, remaining, manager);
            Map<String, NDArray> own = new LinkedHashMap<>();
            for (String suffix : SUFFIXES) {
                NDArray t = remaining.remove(module + "." + suffix);
                if (t == null) throw new IllegalArgumentException(module + " has a qweight but no " + suffix);
                own.put(suffix, t);
            }
            try {
                IntNWeight w = IntNWeight.fromTensors(own, Math.toIntExact(out), Math.toIntExact(in), bits, groupSize);
                return new QuantizedLinear(w, manager);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(module + ": " + e.getMessage(), e);
            } finally {
                own.values().forEach(NDArray::close); // the layer made its own copies
            }
        };
    }
}
