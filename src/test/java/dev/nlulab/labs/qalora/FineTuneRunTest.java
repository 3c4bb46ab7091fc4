package dev.nlulab.labs.qalora;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.peft.AdapterFiles;
import dev.nlulab.ml.peft.Requantization;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.tasks.TaskItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of one fine-tuning run on a tiny base with the lab's real questions: training lowers the dev
 * loss, a saved adapter loads back to the same model, QA-LoRA and LoRA merge exactly, and QLoRA's merge
 * then re-quantization visibly changes the model (the cost the report shows).
 */
class FineTuneRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static QaLoraCourse course;
    private static List<TaskItem> train, dev;

    @BeforeAll
    static void course() {
        course = new QaLoraCourse();
        train = LabData.labelled(course.dataDir(), "train", LabData.FAMILIES);
        dev = LabData.labelled(course.dataDir(), "dev", LabData.FAMILIES);
    }

    private static FineTuneSpec.Parsed spec(String json) throws Exception {
        FineTuneSpec.Parsed p = FineTuneSpec.parse(JSON.readTree(json), course.dataDir());
        assertThat(p.check().problems()).isEmpty();
        return p;
    }

    private static List<TrainingExample> examples(FineTuneRun run, List<TaskItem> items) {
        return items.stream().map(i -> Prompts.example(run.tokenizer(), run.spec().format(), i)).toList();
    }

    private static List<String> prompts() {
        return dev.stream().limit(4).map(i -> Prompts.prompt(FineTuneSpec.AnswerFormat.DIRECT, i.question())).toList();
    }

    @Test
    void trainingTheAdaptersLowersTheDevLossAndLeavesTheQuantizedBaseAlone() throws Exception {
        FineTuneSpec.Parsed p = spec("{\"base\": \"tiny\", \"method\": \"qalora\", \"bits\": 4, \"group_size\": 8, \"rank\": 4,"
                + " \"alpha\": 32, \"lr\": 0.03, \"warmup\": 2, \"steps\": 16, \"batch_size\": 8, \"eval_every\": 8}");
        try (NDManager root = NDManager.newBaseManager(); FineTuneRun run = FineTuneRun.start(p.spec(), p.baseModel(), root, train)) {
            List<TrainingExample> devExamples = examples(run, dev);
            double before = Evaluation.loss(run.model(), devExamples, 8);
            List<Double> evals = new ArrayList<>();
            List<Long> steps = new ArrayList<>();
            FineTuneRun.Training t = run.train(examples(run, train), devExamples, (m, eval) -> {
                steps.add(m.step());
                if (eval != null) evals.add(eval);
            });
            double after = Evaluation.loss(run.model(), devExamples, 8);
            assertThat(steps).hasSize(16).startsWith(1L).endsWith(16L);
            assertThat(evals).as("dev loss at steps 8 and 16").hasSize(2);
            assertThat(after).as("dev loss before %.3f, after %.3f", before, after).isLessThan(before * 0.8);
            assertThat(t.finalEvalLoss()).isCloseTo(after, org.assertj.core.data.Offset.offset(1e-4));
            // only the adapters train, r x (in/g + out) each: q, o 4 x (4 + 32); k, v 4 x (4 + 16) (2 kv heads of 8);
            // gate, up 4 x (4 + 64); down 4 x (8 + 32); two layers
            assertThat(t.trainableParameters()).isEqualTo(2L * (144 + 80 + 80 + 144 + 272 + 272 + 160));
        }
    }

    @Test
    void aSavedAdapterLoadsBackIntoAFreshRunAsTheSameModel(@TempDir Path dir) throws Exception {
        FineTuneSpec.Parsed p = spec("{\"base\": \"tiny\", \"method\": \"qalora\", \"bits\": 3, \"group_size\": 16, \"rank\": 2,"
                + " \"lr\": 0.01, \"warmup\": 0, \"steps\": 4, \"batch_size\": 4}");
        try (NDManager root = NDManager.newBaseManager()) {
            float[] trained, base, reloaded;
            try (FineTuneRun run = FineTuneRun.start(p.spec(), p.baseModel(), root, train)) {
                run.train(examples(run, train), List.of(), (m, eval) -> {});
                trained = Evaluation.logits(run.model(), run.tokenizer(), prompts());
                run.saveAdapter(dir);
            }
            assertThat(dir.resolve(AdapterFiles.CONFIG)).isRegularFile();
            assertThat(dir.resolve(AdapterFiles.WEIGHTS)).isRegularFile();
            assertThat(Files.readString(dir.resolve(AdapterFiles.CONFIG))).contains("\"peft_type\" : \"LORA\"").contains("\"group_size\" : 16")
                    .contains("\"bits\" : 3").contains("\"base_model_name_or_path\" : \"tiny\"");
            try (FineTuneRun fresh = FineTuneRun.start(p.spec(), p.baseModel(), root, train)) {
                base = Evaluation.logits(fresh.model(), fresh.tokenizer(), prompts());
                fresh.loadAdapter(dir);
                reloaded = Evaluation.logits(fresh.model(), fresh.tokenizer(), prompts());
            }
            assertThat(Evaluation.maxAbsDifference(trained, base)).as("the adapter changed the model").isGreaterThan(1e-3);
            assertThat(Evaluation.maxAbsDifference(trained, reloaded)).isEqualTo(0.0);
        }
    }

    @Test
    void qaLoraMergesIntoTheIntNZerosExactlyAndTheSavedMergedModelIsThatModel(@TempDir Path dir) throws Exception {
        FineTuneSpec.Parsed p = spec("{\"base\": \"tiny\", \"method\": \"qalora\", \"bits\": 2, \"group_size\": 16, \"rank\": 2,"
                + " \"lr\": 0.02, \"warmup\": 0, \"steps\": 6, \"batch_size\": 4}");
        try (NDManager root = NDManager.newBaseManager(); FineTuneRun run = FineTuneRun.start(p.spec(), p.baseModel(), root, train)) {
            run.train(examples(run, train), List.of(), (m, eval) -> {});
            try (FineTuneRun.Deployed merged = run.deploy(null, dev.stream().limit(4).map(TaskItem::question).toList())) {
                assertThat(merged.maxLogitDifference()).isLessThan(1e-5);
                float[] mergedLogits = Evaluation.logits(run.model(), run.tokenizer(), prompts());
                merged.save(dir, p.baseModel().dir());
                try (LlamaModel loaded = QuantizedCheckpoint.loadAny(dir, root); Tokenizer tok = Tokenizer.forModel(dir, loaded.config())) {
                    assertThat(Evaluation.maxAbsDifference(mergedLogits, Evaluation.logits(loaded, tok, prompts()))).isLessThan(1e-5);
                }
                long[] bytes = merged.projectionBytes();
                assertThat((double) bytes[0] / bytes[1]).as("2-bit codes with a scale and zero per 16 weights").isLessThan(0.2);
            }
        }
    }

    @Test
    void aQaLoraBaseQuantizedByGptqIsCalibratedOnTheTrainingQuestions() throws Exception {
        String settings = "\"base\": \"tiny\", \"method\": \"qalora\", \"bits\": 2, \"group_size\": 16, \"rank\": 2";
        FineTuneSpec.Parsed rtn = spec("{" + settings + "}");
        FineTuneSpec.Parsed gptq = spec("{" + settings + ", \"quantizer\": \"gptq\"}");
        try (NDManager root = NDManager.newBaseManager()) {
            float[] rtnLogits, gptqLogits;
            try (FineTuneRun run = FineTuneRun.start(rtn.spec(), rtn.baseModel(), root, train)) {
                rtnLogits = Evaluation.logits(run.model(), run.tokenizer(), prompts());
            }
            try (FineTuneRun run = FineTuneRun.start(gptq.spec(), gptq.baseModel(), root, train)) {
                gptqLogits = Evaluation.logits(run.model(), run.tokenizer(), prompts());
            }
            for (float v : gptqLogits) assertThat(v).isFinite();
            assertThat(Evaluation.maxAbsDifference(rtnLogits, gptqLogits)).as("GPTQ's error feedback moves the codes").isGreaterThan(1e-3);
        }
    }

    @Test
    void loraMergesExactlyAndQloraPaysForQuantizingAgain() throws Exception {
        List<String> check = dev.stream().limit(4).map(TaskItem::question).toList();
        try (NDManager root = NDManager.newBaseManager()) {
            FineTuneSpec.Parsed lora = spec("{\"base\": \"tiny\", \"method\": \"lora\", \"rank\": 2, \"lr\": 0.02, \"warmup\": 0, \"steps\": 4, \"batch_size\": 4}");
            try (FineTuneRun run = FineTuneRun.start(lora.spec(), lora.baseModel(), root, train)) {
                run.train(examples(run, train), List.of(), (m, eval) -> {});
                try (FineTuneRun.Deployed merged = run.deploy(null, check)) {
                    assertThat(merged.maxLogitDifference()).isLessThan(1e-5);
                }
            }
            FineTuneSpec.Parsed qlora = spec("{\"base\": \"tiny\", \"method\": \"qlora\", \"bits\": 2, \"group_size\": 16, \"rank\": 2,"
                    + " \"lr\": 0.02, \"warmup\": 0, \"steps\": 4, \"batch_size\": 4}");
            try (FineTuneRun run = FineTuneRun.start(qlora.spec(), qlora.baseModel(), root, train)) {
                run.train(examples(run, train), List.of(), (m, eval) -> {});
                double rtn;
                try (FineTuneRun.Deployed merged = run.deploy(Requantization.rtn(2, 16), check)) {
                    rtn = merged.maxLogitDifference();
                }
                // closing a deployment puts the adapters and the NF4 base back: deploying again costs the same
                try (FineTuneRun.Deployed again = run.deploy(Requantization.rtn(2, 16), check)) {
                    assertThat(again.maxLogitDifference()).isEqualTo(rtn);
                }
                assertThat(rtn).as("NF4 + float adapters squeezed into INT2").isGreaterThan(1e-3);
            }
        }
    }
}
