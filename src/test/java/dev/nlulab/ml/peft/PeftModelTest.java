package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.DenseLinear;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.Trainer;
import dev.nlulab.ml.TrainingConfig;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.quant.CalibrationInputs;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.QuantizedLinear;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.nlulab.ml.peft.PeftTestData.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeftModelTest {
    static final List<String> ALL = List.of("q", "k", "v", "o", "gate", "up", "down");
    static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    static NDArray logits(LlamaModel model) {
        return model.forward(root.create(TinyModels.IDS));
    }

    static Map<String, AdaptedLinear> applyRandomized(LlamaModel model, PeftConfig config) {
        Map<String, AdaptedLinear> adapted = Peft.apply(model.linears(), model::setLinear, config, model.manager());
        long seed = 100;
        for (AdaptedLinear a : adapted.values()) {
            PeftTestData.randomize(a.adapter(), seed++);
        }
        return adapted;
    }

    @Test
    void mergedQaLoraModelGivesTheSameLogitsAtTwoThreeAndFourBits() {
        for (int bits : new int[] {2, 3, 4}) {
            try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 1, root)) {
                PeftConfig config = PeftConfig.of(PeftMethod.QALORA, 4, ALL).withQuantization(bits, 16);
                Map<String, AdaptedLinear> adapted = applyRandomized(model, config);
                assertThat(adapted).hasSize(14);
                NDArray unmerged = logits(model);
                Map<String, Linear> merged = Peft.merge(adapted, model::setLinear, null, model.manager());
                assertThat(merged.values()).allMatch(l -> l instanceof QuantizedLinear q && q.weight() instanceof IntNWeight w && w.bits() == bits);
                assertThat(model.linears().values()).allMatch(l -> l instanceof QuantizedLinear);
                assertThat(maxAbsDiff(logits(model), unmerged)).as("%d bits", bits).isLessThan(1e-4);
            }
        }
    }

    @Test
    void mergedLoraModelGivesTheSameLogitsAndQloraStaysClose() {
        try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 2, root)) {
            NDArray base = logits(model);
            Map<String, AdaptedLinear> adapted = applyRandomized(model, PeftConfig.of(PeftMethod.LORA, 4, List.of("q", "v")));
            assertThat(adapted.keySet()).containsExactly("model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
                    "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj");
            NDArray unmerged = logits(model);
            assertThat(maxAbsDiff(unmerged, base)).isGreaterThan(1e-3);
            Peft.merge(adapted, model::setLinear, null, model.manager());
            assertThat(model.linears().get("model.layers.1.self_attn.v_proj")).isInstanceOf(DenseLinear.class);
            assertThat(maxAbsDiff(logits(model), unmerged)).isLessThan(1e-4);
        }
        double previous = Double.MAX_VALUE;
        for (int bits : new int[] {2, 4, 8}) {
            try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 3, root)) {
                Map<String, AdaptedLinear> adapted = applyRandomized(model, PeftConfig.of(PeftMethod.QLORA, 4, ALL));
                NDArray unmerged = logits(model);
                assertThatThrownBy(() -> Peft.merge(adapted, (n, l) -> { }, null, model.manager()))
                        .hasMessageContaining("re-quantization");
                Peft.merge(adapted, model::setLinear, Requantization.rtn(bits, 16), model.manager());
                double change = maxAbsDiff(logits(model), unmerged);
                assertThat(change).as("%d bits", bits).isGreaterThan(0).isLessThan(previous);
                previous = change;
            }
        }
    }

    @Test
    void trainerStepsChangeOnlyTheAdaptersAndTheTrainedModelMergesExactly() {
        List<TrainingExample> examples = List.of(
                new TrainingExample(new long[] {1, 5, 3}, new long[] {8, 2, 7}),
                new TrainingExample(new long[] {1, 4, 9}, new long[] {12, 0, 6}));
        TrainingConfig training = TrainingConfig.defaults(3e-2, 4, 2, 16, 7).withSchedule(TrainingConfig.Schedule.CONSTANT, 0);
        for (PeftMethod method : PeftMethod.values()) {
            try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 4, root)) {
                Map<String, AdaptedLinear> adapted = Peft.apply(model,
                        PeftConfig.of(method, 4, List.of("q", "v", "down")).withQuantization(3, 16), Map.of());
                List<NDArray> params = Peft.trainable(adapted);
                Set<NDArray> modelTrainable = Collections.newSetFromMap(new IdentityHashMap<>());
                modelTrainable.addAll(model.trainable());
                assertThat(modelTrainable).hasSize(params.size()).containsAll(params);

                Map<String, float[]> before = snapshot(model);
                List<Double> losses = new ArrayList<>();
                try (Trainer trainer = new Trainer(model, training)) {
                    Peft.setTraining(adapted, true);
                    for (int step = 0; step < 4; step++) {
                        losses.add(trainer.step(trainer.microBatches(examples, step)).loss());
                    }
                    Peft.setTraining(adapted, false);
                }
                Map<String, float[]> after = snapshot(model);
                assertThat(losses.get(3)).as(method + " loss").isLessThan(losses.get(0));
                for (String name : before.keySet()) {
                    boolean adapter = name.contains(".lora_A.") || name.contains(".lora_B.");
                    if (adapter) {
                        assertThat(after.get(name)).as(method + " " + name + " trained").isNotEqualTo(before.get(name));
                    } else {
                        assertThat(after.get(name)).as(method + " " + name + " frozen").isEqualTo(before.get(name));
                    }
                }
                if (method != PeftMethod.QLORA) { // LoRA and QA-LoRA merge exactly, trained or not
                    NDArray unmerged = logits(model);
                    Peft.merge(model, adapted, null);
                    assertThat(maxAbsDiff(logits(model), unmerged)).as(method + " merged").isLessThan(1e-4);
                }
            }
        }
    }

    static Map<String, float[]> snapshot(LlamaModel model) {
        Map<String, float[]> s = new HashMap<>();
        model.tensors().forEach((name, t) -> s.put(name, t.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()));
        return s;
    }

    @Test
    void calibrationInputsFeedAGptqBaseAndTheLayersComeBack() {
        try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 5, root)) {
            Map<String, Linear> original = new HashMap<>(model.linears());
            List<String> targets = model.linears().keySet().stream().filter(n -> n.endsWith("up_proj")).toList();
            Map<String, float[]> inputs = CalibrationInputs.record(model.linears(), model::setLinear, targets,
                    () -> logits(model));
            assertThat(inputs.keySet()).containsExactlyElementsOf(targets);
            assertThat(inputs.get(targets.get(0))).hasSize(TinyModels.IDS.length * TinyModels.IDS[0].length * 32);
            assertThat(model.linears()).isEqualTo(original);

            Map<String, AdaptedLinear> adapted = Peft.apply(model.linears(), model::setLinear,
                    PeftConfig.of(PeftMethod.QALORA, 4, List.of("up")).withQuantization(2, 16), inputs, model.manager());
            // GPTQ keeps the layer's outputs on its calibration inputs closer than round-to-nearest would
            for (String name : targets) {
                NDArray x = root.create(inputs.get(name), new ai.djl.ndarray.types.Shape(inputs.get(name).length / 32, 32));
                NDArray exact = original.get(name).forward(x);
                NDArray gptq = adapted.get(name).base().forward(x);
                QuantizedLinear rtn = new QuantizedLinear(dev.nlulab.ml.quant.RoundToNearest.quantize(
                        original.get(name).floatWeight(root), 64, 32, 2, 16), root);
                assertThat(exact.sub(gptq).square().sum().getFloat())
                        .isLessThan(exact.sub(rtn.forward(x)).square().sum().getFloat());
            }
        }
    }

    @Test
    void jobSpecNamesParse() {
        assertThat(PeftMethod.parse("qa-lora")).isEqualTo(PeftMethod.QALORA);
        assertThat(PeftMethod.parse("QLoRA")).isEqualTo(PeftMethod.QLORA);
        assertThat(dev.nlulab.ml.quant.Requantizer.parse("gptq")).isEqualTo(dev.nlulab.ml.quant.Requantizer.GPTQ);
        assertThatThrownBy(() -> PeftMethod.parse("dora")).hasMessageContaining("'dora'");
        assertThatThrownBy(() -> dev.nlulab.ml.quant.Requantizer.parse("awq")).hasMessageContaining("'awq'");
    }

    @Test
    void unknownTargetsAndBadGroupSizesAreNamed() {
        try (LlamaModel model = LlamaModel.random(TinyModels.groupable(), 6, root)) {
            assertThatThrownBy(() -> PeftConfig.of(PeftMethod.LORA, 4, List.of("qkv")))
                    .hasMessageContaining("unknown target module 'qkv'");
            assertThatThrownBy(() -> Peft.apply(model.linears(), model::setLinear,
                    PeftConfig.of(PeftMethod.QALORA, 4, List.of("down")).withQuantization(4, 48), model.manager()))
                    .hasMessageContaining("model.layers.0.mlp.down_proj").hasMessageContaining("group size 48");
        }
    }
}
