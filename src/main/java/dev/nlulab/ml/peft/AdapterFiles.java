package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nlulab.ml.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A PEFT adapter folder: {@code adapter_config.json} with PEFT's fields (QA-LoRA adds group_size and
 * bits; QLoRA adds quant_type nf4) and {@code adapter_model.safetensors} with PEFT's key names,
 * {@code base_model.model.<module>.lora_A.weight}.
 */
public final class AdapterFiles {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    static final String PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdapterFiles() {
    }

    public static void save(Path dir, PeftConfig config, Map<String, ? extends AdaptedLinear> adapted) throws IOException {
        Files.createDirectories(dir);
        ObjectNode c = JSON.createObjectNode();
        c.put("peft_type", "LORA");
        c.put("task_type", "CAUSAL_LM");
        c.put("base_model_name_or_path", config.baseModel());
        c.put("r", config.rank());
        c.put("lora_alpha", config.alpha());
        c.put("lora_dropout", config.dropout());
        c.put("bias", "none");
        ArrayNode targets = c.putArray("target_modules");
        config.targetModules().forEach(targets::add);
        if (config.method() == PeftMethod.QALORA) {
            c.put("group_size", config.groupSize());
            c.put("bits", config.bits());
        } else if (config.method() == PeftMethod.QLORA) {
            c.put("quant_type", "nf4");
            c.put("bits", 4);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG).toFile(), c);

        if (adapted.isEmpty()) {
            throw new IllegalArgumentException("no adapters to save");
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        adapted.forEach((name, layer) -> layer.adapter().tensors().forEach((suffix, t) -> tensors.put(PREFIX + name + "." + suffix, t)));
        Safetensors.write(dir.resolve(WEIGHTS), tensors, DataType.FLOAT32);
    }

    public static PeftConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        JsonNode c;
        try {
            c = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not readable JSON: " + e.getMessage(), e);
        }
        if (!"LORA".equals(c.path("peft_type").asText())) {
            throw new IllegalArgumentException(file + ": peft_type must be \"LORA\", got " + c.get("peft_type"));
        }
        for (String field : List.of("r", "lora_alpha", "target_modules")) {
            if (!c.has(field)) {
                throw new IllegalArgumentException(file + ": missing field \"" + field + "\"");
            }
        }
        List<String> targets = new ArrayList<>();
        c.get("target_modules").forEach(t -> targets.add(t.asText()));
        PeftMethod method = c.has("group_size") ? PeftMethod.QALORA
                : "nf4".equals(c.path("quant_type").asText()) ? PeftMethod.QLORA : PeftMethod.LORA;
        try {
            return new PeftConfig(method, c.get("r").asInt(), (float) c.get("lora_alpha").asDouble(),
                    (float) c.path("lora_dropout").asDouble(0), targets, c.path("bits").asInt(4),
                    c.path("group_size").asInt(32), c.path("base_model_name_or_path").asText(""), 0L);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Copies the saved A and B into already-applied adapters of the same shapes. */
    public static void load(Path dir, Map<String, ? extends AdaptedLinear> adapted, NDManager manager) throws IOException {
        Path file = dir.resolve(WEIGHTS);
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = Safetensors.read(file, scope);
            TreeSet<String> unused = new TreeSet<>(tensors.keySet());
            for (Map.Entry<String, ? extends AdaptedLinear> e : adapted.entrySet()) {
                String key = PREFIX + e.getKey();
                NDArray a = tensors.get(key + ".lora_A.weight");
                NDArray b = tensors.get(key + ".lora_B.weight");
                if (a == null || b == null) {
                    throw new IllegalArgumentException(file + ": no lora_A/lora_B weights for " + key);
                }
                e.getValue().adapter().load(a, b, file + ": " + key);
                unused.remove(key + ".lora_A.weight");
                unused.remove(key + ".lora_B.weight");
            }
            if (!unused.isEmpty()) {
                throw new IllegalArgumentException(file + ": tensors for modules the model has no adapter on: " + unused);
            }
        }
    }
}
