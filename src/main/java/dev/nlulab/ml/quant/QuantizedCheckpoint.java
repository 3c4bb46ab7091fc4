package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.Safetensors;

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
            if (e.getValue() instanceof QuantizedLinear q
                    && (q.weight().bits() != bits || q.weight().groupSize() != IntNWeight.resolveGroupSize(groupSize, q.weight().cols()))) {
                throw new IllegalArgumentException(e.getKey() + " is " + q.weight().bits() + "-bit with group "
                        + q.weight().groupSize() + ", not " + bits + "-bit with group " + groupSize);
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
        LlamaConfig config = LlamaConfig.read(configFile);
        NDManager manager = parent.newSubManager();
        try {
            Map<String, NDArray> tensors = Safetensors.readCheckpoint(dir, manager);
            Map<String, QuantizedLinear> quantized = new LinkedHashMap<>();
            for (String name : tensors.keySet().toArray(String[]::new)) {
                if (name.endsWith(".qweight")) {
                    String module = name.substring(0, name.length() - ".qweight".length());
                    QuantizedLinear layer = layer(tensors, module, bits, groupSize, dir, manager);
                    quantized.put(module, layer);
                    // the model is built from float weights: give it this layer's, then swap the layer in
                    tensors.put(module + ".weight", layer.weight().toNDArray(manager));
                }
            }
            LlamaModel model = LlamaModel.fromTensors(config, tensors, manager, dir.toString());
            quantized.forEach((module, layer) -> {
                Linear placeholder = model.linears().get(module);
                model.setLinear(module, layer);
                placeholder.tensors().values().forEach(NDArray::close);
            });
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static QuantizedLinear layer(Map<String, NDArray> tensors, String module, int bits, int groupSize, Path dir,
            NDManager manager) {
        Map<String, NDArray> own = new LinkedHashMap<>();
        for (String suffix : SUFFIXES) {
            NDArray t = tensors.remove(module + "." + suffix);
            if (t == null) {
                throw new IllegalArgumentException(dir + ": " + module + " has a qweight but no " + suffix);
            }
            own.put(suffix, t);
        }
        Shape scales = own.get("scales").getShape();
        int out = Math.toIntExact(scales.get(0));
        // the bit stream holds out*in*bits bits rounded up to a byte, so in is its floor
        int in = Math.toIntExact(own.get("qweight").getShape().size() * 8 / ((long) bits * out));
        try {
            return QuantizedLinear.fromTensors(own, out, in, bits, groupSize, manager);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir + ": " + module + ": " + e.getMessage(), e);
        }
    }
}
