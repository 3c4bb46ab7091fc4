package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.ml.Linear;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The INT-N layers of a merged model on disk: {@code <module>.qweight} (uint8 bit stream),
 * {@code <module>.scales} and float {@code <module>.zeros} (out, groups) in safetensors, and a
 * {@code quantization_config} (bits, group_size) in config.json to read them back.
 */
public final class QuantizedCheckpoint {
    public static final String QUANT_METHOD = "nlulab-intn";
    private static final ObjectMapper JSON = new ObjectMapper();

    private QuantizedCheckpoint() {
    }

    /** Adds {@code quantization_config} to a model's config.json (creating it when absent). */
    public static void writeConfig(Path configJson, int bits, int groupSize) throws IOException {
        ObjectNode config = Files.exists(configJson) ? (ObjectNode) JSON.readTree(configJson.toFile()) : JSON.createObjectNode();
        ObjectNode q = config.putObject("quantization_config");
        q.put("quant_method", QUANT_METHOD);
        q.put("bits", bits);
        q.put("group_size", groupSize <= 0 ? -1 : groupSize);
        q.put("sym", false);
        q.put("zeros_dtype", "float32");
        q.put("packing", "little-endian bit stream, row-major");
        JSON.writerWithDefaultPrettyPrinter().writeValue(configJson.toFile(), config);
    }

    /** {bits, group_size} from config.json's quantization_config. */
    public static int[] readConfig(Path configJson) throws IOException {
        JsonNode q = JSON.readTree(configJson.toFile()).get("quantization_config");
        if (q == null || !q.has("bits") || !q.has("group_size")) {
            throw new IllegalArgumentException(configJson + ": no quantization_config with bits and group_size");
        }
        if (!QUANT_METHOD.equals(q.path("quant_method").asText())) {
            throw new IllegalArgumentException(configJson + ": quant_method " + q.get("quant_method") + " is not " + QUANT_METHOD);
        }
        return new int[] {q.get("bits").asInt(), q.get("group_size").asInt()};
    }

    /** Module name -> its INT-N tensors named {@code <module>.qweight}, ... */
    public static Map<String, NDArray> tensors(Map<String, ? extends Linear> layers) {
        Map<String, NDArray> all = new TreeMap<>();
        layers.forEach((name, layer) -> {
            if (!(layer instanceof QuantizedLinear)) {
                throw new IllegalArgumentException(name + " is a " + layer.getClass().getSimpleName() + ", not INT-N");
            }
            layer.tensors().forEach((suffix, t) -> all.put(name + "." + suffix, t));
        });
        return all;
    }

    public static void save(Path file, Map<String, ? extends Linear> layers, NDManager manager) throws IOException {
        try (NDManager scope = manager.newSubManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            tensors(layers).forEach((name, t) -> {
                NDArray copy = t.duplicate();
                copy.attach(scope);
                copy.setName(name);
                list.add(copy);
            });
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /**
     * Replaces each layer that has a {@code qweight} in the file by its INT-N layer; the shapes
     * come from the layers being replaced.
     */
    public static Map<String, QuantizedLinear> load(Path file, Map<String, Linear> linears,
            BiConsumer<String, Linear> setter, int bits, int groupSize, NDManager manager) throws IOException {
        Map<String, Map<String, NDArray>> byModule = new TreeMap<>();
        Map<String, QuantizedLinear> loaded = new TreeMap<>();
        try (NDManager scope = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
            for (NDArray t : NDList.decode(scope, in)) {
                String name = t.getName();
                int dot = name.lastIndexOf('.');
                byModule.computeIfAbsent(name.substring(0, dot), k -> new HashMap<>()).put(name.substring(dot + 1), t);
            }
            for (Map.Entry<String, Map<String, NDArray>> e : byModule.entrySet()) {
                if (!e.getValue().containsKey("qweight")) {
                    continue;
                }
                Linear old = linears.get(e.getKey());
                if (old == null) {
                    throw new IllegalArgumentException(file + ": the model has no linear layer " + e.getKey());
                }
                QuantizedLinear q;
                try {
                    q = QuantizedLinear.fromTensors(e.getValue(), Math.toIntExact(old.outFeatures()),
                            Math.toIntExact(old.inFeatures()), bits, groupSize, manager);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(file + ": " + e.getKey() + ": " + ex.getMessage(), ex);
                }
                loaded.put(e.getKey(), q);
            }
        }
        loaded.forEach(setter);
        return loaded;
    }
}
