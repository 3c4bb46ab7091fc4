package dev.nlulab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.peft.AdaptedLinear;
import dev.nlulab.ml.peft.AdapterFiles;
import dev.nlulab.ml.peft.Peft;
import dev.nlulab.ml.peft.PeftConfig;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.peft.PeftTestData;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.ml.quant.QuantizedLinear;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.nlulab.ml.peft.PeftTestData.maxAbs;
import static dev.nlulab.ml.peft.PeftTestData.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

/** quantize, merge-adapter and the PEFT rows of bench ml, on a tiny model. */
class ModelCommandsTest {
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

    Path baseModel(Path dir) throws Exception {
        Path base = TinyModels.writeGroupable(dir.resolve("base"), 8);
        Files.writeString(dir.resolve("calibration.txt"), "1 5 3 8 2 7 11 4\n4 4 9 1 12 0 6 2\n\n3 3 2 1\n");
        return base;
    }

    @Test
    void benchRowsTrainOnlyTheAdapters() {
        long full = TinyModels.groupable().parameterCount();
        for (MlBenchCommand.TrainingVariant variant : PeftBenchVariants.variants(4, 4, 16)) {
            MlBenchCommand.TrainingRow row = MlBenchCommand.measureTraining(root, TinyModels.groupable(), variant, 2, 8, 1);
            assertThat(row.tokensPerSecond()).as(variant.label()).isPositive();
            assertThat(row.trainableParameters()).as(variant.label()).isPositive().isLessThan(full / 4);
        }
        // QA-LoRA's A sees D_in/g pooled columns: fewer trainable parameters than LoRA at the same rank
        List<MlBenchCommand.TrainingVariant> v = PeftBenchVariants.variants(4, 4, 16);
        try (LlamaModel lora = LlamaModel.random(TinyModels.groupable(), 1, root); LlamaModel qa = LlamaModel.random(TinyModels.groupable(), 1, root)) {
            v.get(0).prepare().accept(lora);
            v.get(2).prepare().accept(qa);
            assertThat(qa.trainableParameterCount()).isLessThan(lora.trainableParameterCount());
        }
    }

    @Test
    void quantizeCommandWritesAnIntNModelThatLoads(@TempDir Path dir) throws Exception {
        Path base = baseModel(dir);
        int code = new CommandLine(new QuantizeCommand()).execute("--model", base.toString(), "--out",
                dir.resolve("q").toString(), "--bits", "8", "--group-size", "16", "--method", "gptq",
                "--calibration", dir.resolve("calibration.txt").toString());
        assertThat(code).isZero();
        assertThat(dir.resolve("q/tokenizer.json")).exists();
        try (LlamaModel original = LlamaModel.load(base, root); LlamaModel q = QuantizedCheckpoint.load(dir.resolve("q"), root)) {
            assertThat(q.linears().values()).allMatch(l -> l instanceof QuantizedLinear ql && ql.weight() instanceof IntNWeight w && w.bits() == 8);
            NDArray expected = logits(original);
            assertThat(maxAbsDiff(logits(q), expected)).isLessThan(0.02 * maxAbs(expected));
        }
    }

    @Test
    void mergeAdapterCommandMergesQaLoraExactlyAndRequantizesQlora(@TempDir Path dir) throws Exception {
        Path base = baseModel(dir);
        for (PeftMethod method : List.of(PeftMethod.QALORA, PeftMethod.QLORA)) {
            Path adapter = dir.resolve(method + "-adapter");
            Path out = dir.resolve(method + "-merged");
            NDArray unmerged;
            try (LlamaModel model = LlamaModel.load(base, root)) {
                PeftConfig config = PeftConfig.of(method, 4, List.of("q", "o", "up")).withQuantization(3, 16);
                Map<String, AdaptedLinear> adapted = Peft.apply(model, config, Map.of());
                long seed = 80;
                for (AdaptedLinear a : adapted.values()) {
                    PeftTestData.randomize(a.adapter(), seed++);
                }
                unmerged = logits(model);
                AdapterFiles.save(adapter, config, adapted);
            }
            int code = new CommandLine(new MergeAdapterCommand()).execute("--model", base.toString(), "--adapter",
                    adapter.toString(), "--out", out.toString(), "--requantize", "gptq", "--bits", "8", "--group-size", "16",
                    "--calibration", dir.resolve("calibration.txt").toString());
            assertThat(code).as(method.toString()).isZero();
            try (LlamaModel merged = QuantizedCheckpoint.load(out, root)) {
                assertThat(merged.linears().get("model.layers.1.mlp.up_proj")).isInstanceOf(QuantizedLinear.class);
                double diff = maxAbsDiff(logits(merged), unmerged);
                if (method == PeftMethod.QALORA) {
                    assertThat(diff).isLessThan(1e-4);
                } else {
                    assertThat(diff).isGreaterThan(0).isLessThan(0.05 * maxAbs(unmerged));
                }
            }
        }
    }
}
