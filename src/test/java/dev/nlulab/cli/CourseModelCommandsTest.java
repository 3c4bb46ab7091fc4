package dev.nlulab.cli;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.ml.course.EvalReport;
import dev.nlulab.ml.course.ModelCard;
import dev.nlulab.ml.course.TokenizerInfo;
import dev.nlulab.ml.course.TrainingLog;
import dev.nlulab.tasks.TaskExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pretrain and eval commands end to end on a tiny model (d 32, one layer) and a small export. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CourseModelCommandsTest {
    static {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void buildData() throws Exception {
        data = dir.resolve("data");
        model = dir.resolve("model");
        TaskExport.write(data.resolve("tasks"), 1, new TaskExport.Sizes(60, 2, 4));
        Files.writeString(data.resolve("austen.txt"), String.join("\n", List.of(
                "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
                "Emma Woodhouse, handsome, clever, and rich, with a comfortable home and happy disposition, seemed to unite some of the best blessings of existence.",
                "The family of Dashwood had long been settled in Sussex.")));
        assertThat(new CommandLine(new TokenizerCommand()).execute("--corpus", data.resolve("austen.txt").toString(),
                "--tasks", data.resolve("tasks").toString(), "--vocab-size", "400",
                "--out", model.resolve("tokenizer.json").toString())).isZero();
    }

    static int pretrain(int steps) {
        return new CommandLine(new PretrainCommand()).execute("--out", model.toString(), "--data", data.toString(),
                "--steps", String.valueOf(steps), "--threads", "1", "--hidden", "32", "--ffn", "64", "--layers", "1",
                "--heads", "2", "--batch-tokens", "1024", "--max-length", "192", "--lr", "1e-2", "--log-every", "10");
    }

    @Test
    @Order(1)
    void pretrainingLowersTheLossAndResumesFromItsCheckpoint() {
        assertThat(pretrain(25)).isZero();
        assertThat(TrainingLog.read(model.resolve(TrainingLog.FILE))).hasSize(25);
        assertThat(model.resolve("checkpoint/pretrain.json")).exists();

        assertThat(pretrain(50)).isZero(); // resumes at step 25 and extends the run
        List<TrainingLog.Point> log = TrainingLog.read(model.resolve(TrainingLog.FILE));
        assertThat(log).extracting(TrainingLog.Point::step).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
        double first = log.subList(0, 5).stream().mapToDouble(TrainingLog.Point::loss).average().orElseThrow();
        double last = log.subList(45, 50).stream().mapToDouble(TrainingLog.Point::loss).average().orElseThrow();
        assertThat(last).as("loss of the last steps vs the first").isLessThan(first * 0.75);
    }

    @Test
    @Order(2)
    void thePretrainedFolderLoadsAndGenerates() {
        for (String file : CourseModel.FILES) assertThat(model.resolve(file)).exists();
        assertThat(CourseModel.problem(model)).isEmpty();
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel loaded = LlamaModel.load(model, root);
             Tokenizer tokenizer = Tokenizer.forModel(model, loaded.config())) {
            assertThat(loaded.config().vocabSize()).isEqualTo(TokenizerInfo.read(model.resolve("tokenizer.json")).vocabSize());
            assertThat(loaded.config().hiddenSize()).isEqualTo(32);
            var completion = new Generator(loaded, tokenizer)
                    .generate(List.of("Q: Ann has 3 apples. She buys 4 more. How many apples does she have?\nA:"),
                            GenerationConfig.greedy(12)).get(0);
            assertThat(completion.tokens()).isNotEmpty();
            assertThat(completion.text()).isNotBlank();
        }
    }

    @Test
    @Order(3)
    void evalWritesTheTableTheJsonAndTheCard() throws Exception {
        Path out = model.resolve("eval.json");
        assertThat(new CommandLine(new EvalCommand()).execute("--model", model.toString(), "--data", data.toString(),
                "--per-family", "2", "--max-tokens", "6", "--batch", "4", "--threads", "1",
                "--latency-requests", "1")).isZero();
        EvalReport report = EvalReport.readJson(out);
        assertThat(report.families()).hasSize(14).allSatisfy(f -> assertThat(f.n()).isEqualTo(2));
        assertThat(report.measurements()).containsKeys(EvalReport.LOAD_SECONDS, EvalReport.LATENCY_MS);
        String table = Files.readString(model.resolve("eval.md"));
        assertThat(table.lines().filter(l -> l.contains(" | `<")).count()).isEqualTo(14);
        assertThat(table).contains("| family | role | scenario | n | zero-shot | zero-shot-CoT | few-shot-CoT | best |");
        String card = Files.readString(model.resolve(ModelCard.FILE));
        assertThat(card).contains("## Size", "## Data", "## Training", "50 optimizer steps", "## Evaluation", "## Limits",
                "![Training loss by step](loss-curve.svg)");
        int examples = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(model.resolve(ModelCard.TRAINING_SUMMARY).toFile()).get("examples").asInt();
        assertThat(examples).isGreaterThan(600); // at least one example per train item
        assertThat(card).contains(String.format(java.util.Locale.ROOT, "In all %,d examples", examples));
        assertThat(Files.readString(model.resolve(ModelCard.CURVE))).startsWith("<svg").contains("<path d=\"M");
    }

    @Test
    void aTimeBudgetSetsTheHorizonFromTheWarmUpAndStopsWithASavedModel() throws Exception {
        Path out = dir.resolve("budgeted");
        long start = System.nanoTime();
        assertThat(new CommandLine(new PretrainCommand()).execute("--out", out.toString(), "--data", data.toString(),
                "--tokenizer", model.resolve("tokenizer.json").toString(), "--minutes", "0.15", "--warmup", "3",
                "--threads", "1", "--hidden", "32", "--ffn", "64", "--layers", "1", "--heads", "2",
                "--batch-tokens", "1024", "--max-length", "192")).isZero();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("checkpoint/pretrain.json").toFile());
        int horizon = state.get("total_steps").asInt();
        assertThat(horizon).isGreaterThan(3);
        List<TrainingLog.Point> log = TrainingLog.read(out.resolve(TrainingLog.FILE));
        assertThat(log.size()).isBetween(3, horizon);
        assertThat(CourseModel.problem(out)).isEmpty();
    }

    @Test
    void aMissingModelIsReportedWithTheCommandsThatBuildIt() {
        Path missing = dir.resolve("no-model-here");
        assertThat(CourseModel.problem(missing)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("no course model at " + missing).contains("run bin/course-data then bin/nlulab model pretrain"));
        assertThatThrownBy(() -> CourseModel.require(missing)).isInstanceOf(CourseModel.Missing.class);
        assertThat(new CommandLine(new EvalCommand()).execute("--model", missing.toString())).isNotZero();
    }

    @Test
    void pretrainingWithoutDataSaysWhatToRun() {
        PretrainCommand command = new PretrainCommand();
        CommandLine cli = new CommandLine(command);
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute("--out", model.toString(), "--data", dir.resolve("nothing").toString(), "--steps", "1")).isNotZero();
        assertThat(err.toString()).contains("run bin/course-data");
    }
}
