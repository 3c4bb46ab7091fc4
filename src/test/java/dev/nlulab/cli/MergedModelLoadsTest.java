package dev.nlulab.cli;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.EvalReport;
import dev.nlulab.ml.peft.AdaptedLinear;
import dev.nlulab.ml.peft.AdapterFiles;
import dev.nlulab.ml.peft.Peft;
import dev.nlulab.ml.peft.PeftConfig;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.peft.PeftTestData;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.ModelService;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.tasks.TaskExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A model quantized and then merged with a QA-LoRA adapter is a model like any other: evaluated and served. */
class MergedModelLoadsTest {
    static {
        TinyModels.init();
    }

    @Test
    void aMergedIntNModelIsServedAndEvaluatedThroughTheUsualPaths(@TempDir Path dir) throws Exception {
        Path base = TinyModels.writeWithTokenizer(dir.resolve("base"));
        Path quantized = dir.resolve("int4");
        Path adapter = dir.resolve("adapter");
        Path merged = dir.resolve("merged");
        assertThat(new CommandLine(new QuantizeCommand()).execute("--model", base.toString(), "--out", quantized.toString(),
                "--bits", "4", "--group-size", "32")).isZero();

        String expected;
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = QuantizedCheckpoint.load(quantized, root);
             Tokenizer tokenizer = Tokenizer.forModel(quantized, model.config())) {
            PeftConfig config = PeftConfig.of(PeftMethod.QALORA, 4, List.of("q", "v", "up")).withQuantization(4, 32);
            Map<String, AdaptedLinear> adapted = Peft.apply(model, config, Map.of());
            long seed = 40;
            for (AdaptedLinear a : adapted.values()) PeftTestData.randomize(a.adapter(), seed++);
            AdapterFiles.save(adapter, config, adapted);
            // what the adapted model, not yet merged, continues the prompt with
            expected = new Generator(model, tokenizer).generate(List.of(TinyModels.PROMPT), GenerationConfig.greedy(8)).get(0).text();
        }
        assertThat(new CommandLine(new MergeAdapterCommand()).execute("--model", quantized.toString(), "--adapter",
                adapter.toString(), "--out", merged.toString())).isZero();
        assertThat(QuantizedCheckpoint.isQuantized(merged)).isTrue();

        // the Model page's path: the shared model
        try (SharedModel served = new SharedModel(merged, new ModelService.Limits(16, 2, Duration.ofSeconds(30)))) {
            assertThat(served.complete(CompletionRequest.greedy(TinyModels.PROMPT, 8)).text()).isEqualTo(expected);
            assertThat(served.status().loaded()).isTrue();
        }

        // model eval's path
        Path data = dir.resolve("data");
        TaskExport.write(data.resolve("tasks"), 1, new TaskExport.Sizes(6, 2, 2));
        assertThat(new CommandLine(new EvalCommand()).execute("--model", merged.toString(), "--data", data.toString(),
                "--per-family", "1", "--max-tokens", "4", "--batch", "4", "--threads", "1", "--latency-requests", "1",
                "--no-card")).isZero();
        assertThat(EvalReport.readJson(merged.resolve("eval.json")).families()).isNotEmpty();
    }
}
