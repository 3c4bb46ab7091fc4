package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Safetensors;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.ml.quant.QuantizedLinear;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.nlulab.ml.peft.PeftTestData.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterFilesTest {
    static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    NDArray logits(LlamaModel model) {
        return model.forward(root.create(TinyModels.IDS));
    }

    @Test
    void qaLoraAdapterRoundTripsWithPeftNames(@TempDir Path dir) throws Exception {
        PeftConfig config = new PeftConfig(PeftMethod.QALORA, 4, 8f, 0.05f, List.of("q", "v"), 3, 16, "models/course-model", 1L);
        NDArray trained;
        try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 1, root)) {
            Map<String, AdaptedLinear> adapted = Peft.apply(model.linears(), model::setLinear, config, model.manager());
            long seed = 40;
            for (AdaptedLinear a : adapted.values()) {
                PeftTestData.randomize(a.adapter(), seed++);
            }
            trained = logits(model);
            AdapterFiles.save(dir, config, adapted);
        }

        List<String> keys = Safetensors.header(dir.resolve(AdapterFiles.WEIGHTS)).stream().map(Safetensors.Entry::name).toList();
        assertThat(keys).hasSize(8).contains(
                "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                "base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight");
        JsonNode json = new ObjectMapper().readTree(dir.resolve(AdapterFiles.CONFIG).toFile());
        assertThat(json.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(json.get("task_type").asText()).isEqualTo("CAUSAL_LM");
        assertThat(json.get("bias").asText()).isEqualTo("none");
        assertThat(json.get("r").asInt()).isEqualTo(4);
        assertThat(json.get("lora_alpha").asDouble()).isEqualTo(8.0);
        assertThat(json.get("group_size").asInt()).isEqualTo(16);
        assertThat(json.get("bits").asInt()).isEqualTo(3);
        assertThat(json.get("target_modules").toString()).isEqualTo("[\"q_proj\",\"v_proj\"]");
        assertThat(json.get("base_model_name_or_path").asText()).isEqualTo("models/course-model");

        PeftConfig read = AdapterFiles.readConfig(dir);
        assertThat(read.method()).isEqualTo(PeftMethod.QALORA);
        assertThat(read.withBaseModel(config.baseModel())).isEqualTo(new PeftConfig(PeftMethod.QALORA, 4, 8f, 0.05f,
                List.of("q_proj", "v_proj"), 3, 16, "models/course-model", 0L));
        try (LlamaModel fresh = LlamaModel.random(TinyModels.groupable(), 1, root)) {
            // a different seed: the loaded adapters, not the init, must reproduce the logits
            PeftConfig other = new PeftConfig(read.method(), read.rank(), read.alpha(), read.dropout(), read.targetModules(),
                    read.bits(), read.groupSize(), read.baseModel(), 99L);
            Map<String, AdaptedLinear> adapted = Peft.apply(fresh.linears(), fresh::setLinear, other, fresh.manager());
            assertThat(maxAbsDiff(logits(fresh), trained)).isGreaterThan(1e-3);
            AdapterFiles.load(dir, adapted, fresh.manager());
            assertThat(maxAbsDiff(logits(fresh), trained)).isLessThan(1e-6);
        }
    }

    @Test
    void loadingIntoOtherTargetsNamesTheMismatch(@TempDir Path dir) throws Exception {
        try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 2, root)) {
            PeftConfig config = PeftConfig.of(PeftMethod.LORA, 2, List.of("q"));
            AdapterFiles.save(dir, config, Peft.apply(model.linears(), model::setLinear, config, model.manager()));
        }
        try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 2, root)) {
            Map<String, AdaptedLinear> adapted = Peft.apply(model.linears(), model::setLinear,
                    PeftConfig.of(PeftMethod.LORA, 2, List.of("k")), model.manager());
            assertThatThrownBy(() -> AdapterFiles.load(dir, adapted, model.manager()))
                    .hasMessageContaining("base_model.model.model.layers.0.self_attn.k_proj");
        }
        Files.writeString(dir.resolve(AdapterFiles.CONFIG), "{\"peft_type\": \"PREFIX_TUNING\"}");
        assertThatThrownBy(() -> AdapterFiles.readConfig(dir)).hasMessageContaining("peft_type");
    }

    @Test
    void mergedIntNModelSavesCodesScalesZerosAndLoadsBack(@TempDir Path dir) throws Exception {
        NDArray merged;
        try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 3, root)) {
            PeftConfig config = PeftConfig.of(PeftMethod.QALORA, 4, PeftModelTest.ALL).withQuantization(2, 32);
            Map<String, AdaptedLinear> adapted = Peft.apply(model.linears(), model::setLinear, config, model.manager());
            long seed = 60;
            for (AdaptedLinear a : adapted.values()) {
                PeftTestData.randomize(a.adapter(), seed++);
            }
            Peft.merge(adapted, model::setLinear, null, model.manager());
            merged = logits(model);
            QuantizedCheckpoint.save(model, dir, 2, 32);
        }
        Map<String, String> dtypes = new java.util.HashMap<>();
        Safetensors.header(dir.resolve(Safetensors.SINGLE_FILE)).forEach(e -> dtypes.put(e.name(), e.dtype()));
        assertThat(dtypes).containsEntry("model.layers.0.mlp.down_proj.qweight", "U8")
                .containsEntry("model.layers.0.mlp.down_proj.scales", "F32")
                .containsEntry("model.layers.0.mlp.down_proj.zeros", "F32")
                .doesNotContainKey("model.layers.0.mlp.down_proj.weight");
        JsonNode q = new ObjectMapper().readTree(dir.resolve("config.json").toFile()).get("quantization_config");
        assertThat(q.get("bits").asInt()).isEqualTo(2);
        assertThat(q.get("group_size").asInt()).isEqualTo(32);
        // 2-bit codes: the checkpoint is far smaller than the float model's projections alone
        long floatProjectionBytes = 4L * 2 * (32 * 32 * 2 + 16 * 32 * 2 + 64 * 32 * 3);
        long packedBytes = Safetensors.header(dir.resolve(Safetensors.SINGLE_FILE)).stream()
                .filter(e -> e.name().endsWith(".qweight")).mapToLong(e -> e.end() - e.begin()).sum();
        assertThat(packedBytes * 16).isEqualTo(floatProjectionBytes);

        try (LlamaModel loaded = QuantizedCheckpoint.load(dir, root)) {
            assertThat(loaded.linears().values()).allMatch(l -> l instanceof QuantizedLinear ql && ql.weight() instanceof IntNWeight w && w.bits() == 2);
            assertThat(maxAbsDiff(logits(loaded), merged)).isLessThan(1e-6);
        }
    }
}
