package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.jobs.SpecCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The study on the tiny base, in this JVM: a row for every method and width the completion key lists, every
 * cell measured, and the figures obey what must hold whatever the training did.
 */
class StudyJobKindTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tiny base's projections (in, out) per layer: d 32, ffn 64, 4 heads of 8 of which 2 key/value heads. */
    private static final List<long[]> TINY_PROJECTIONS = List.of(new long[] {32, 32}, new long[] {32, 16}, new long[] {32, 16},
            new long[] {32, 32}, new long[] {32, 64}, new long[] {32, 64}, new long[] {64, 32});
    private static final int TINY_LAYERS = 2;

    @Test
    void everyCellOfTheTableIsMeasuredAndTheFiguresObeyTheirProperties(@TempDir Path dir) throws Exception {
        QaLoraCourse course = new QaLoraCourse();
        JsonNode spec = JSON.readTree("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 2, \"lr\": 0.02, \"warmup\": 0, \"steps\": 3,"
                + " \"batch_size\": 4, \"eval_every\": 2, \"dev_per_family\": 4}");
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(JobFiles.LOG)), true, StandardCharsets.UTF_8);
             JobContext ctx = new JobContext(dir, 9, spec, course.dataDir(), log, Clock.systemUTC())) {
            new StudyJobKind().run(ctx);
        }
        StudyReport report = StudyReport.read(dir.resolve("artefacts").resolve(StudyReport.FILE));
        Map<String, StudyReport.Row> rows = report.rows().stream().collect(Collectors.toMap(StudyReport.Row::id, Function.identity()));

        // a row for each id of the shipped completion key, each complete, and the job predicted so
        List<String> keyIds = Files.readAllLines(Path.of("grader/qalora/study-key.jsonl")).stream().filter(l -> !l.isBlank())
                .map(l -> tree(l).get("id").asText()).toList();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(keyIds);
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.missing()).as(r.id()).isEmpty());
        assertThat(Files.readAllLines(dir.resolve(JobFiles.PREDICTIONS))).hasSize(keyIds.size())
                .allSatisfy(l -> assertThat(tree(l).get("prediction").asText()).isEqualTo("complete"));
        assertThat(report.base().items()).isEqualTo(2 * 4);
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.afterMerge().items()).isEqualTo(2 * 4));

        // QA-LoRA merges into its zeros exactly; LoRA in float too
        for (String id : List.of("qalora-int4", "qalora-int3", "qalora-int2", "lora-float")) {
            assertThat(rows.get(id).maxAbsLogitDifference()).as(id).isLessThan(1e-4);
        }
        // QLoRA's adapters are not constant over a group: quantizing the merged model again changes it
        assertThat(rows.get("qlora-rtn-int2").maxAbsLogitDifference()).isGreaterThan(1e-4);

        // trainable parameters from the shapes: LoRA r (in + out), QA-LoRA r (in / g + out), every projection
        long lora = 0, qalora = 0;
        for (long[] p : TINY_PROJECTIONS) {
            lora += 2 * (p[0] + p[1]) * TINY_LAYERS;
            qalora += 2 * (p[0] / 16 + p[1]) * TINY_LAYERS;
        }
        assertThat(rows.get("lora-float").trainableParameters()).isEqualTo(lora);
        assertThat(rows.get("qlora-gptq-int3").trainableParameters()).isEqualTo(lora);
        assertThat(rows.get("qalora-int2").trainableParameters()).isEqualTo(qalora);

        // fewer bits, fewer bytes on disk; any of them fewer than the float model's
        for (String method : List.of("qalora-int", "qlora-rtn-int", "qlora-gptq-int")) {
            assertThat(rows.get(method + "2").weightsBytes()).as(method).isLessThan(rows.get(method + "3").weightsBytes());
            assertThat(rows.get(method + "3").weightsBytes()).as(method).isLessThan(rows.get(method + "4").weightsBytes());
            assertThat(rows.get(method + "4").weightsBytes()).as(method).isLessThan(rows.get("lora-float").weightsBytes());
        }
        assertThat(dir.resolve("merged-scratch")).as("the merged models measured are not kept").doesNotExist();

        // the page's table: a row each, every cell filled; the loss curves: every run's steps, labelled
        JobContext.Table table = JobFiles.readTable(dir).orElseThrow();
        assertThat(table.rows()).hasSize(keyIds.size()).allSatisfy(r -> assertThat(r).hasSize(table.columns().size()).noneMatch(String::isBlank));
        List<JsonNode> metrics = Files.readAllLines(dir.resolve(JobFiles.METRICS)).stream().map(StudyJobKindTest::tree).toList();
        Map<String, Long> stepsByRun = metrics.stream()
                .collect(Collectors.groupingBy(m -> m.get("run").asText(), java.util.LinkedHashMap::new, Collectors.counting()));
        assertThat(stepsByRun).containsExactly(Map.entry("LoRA", 3L), Map.entry("QLoRA (NF4)", 3L), Map.entry("QA-LoRA INT4", 3L),
                        Map.entry("QA-LoRA INT3", 3L), Map.entry("QA-LoRA INT2", 3L));
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aProblemSharedByTheTrainingsIsNamedOnceOnItsField() throws Exception {
        QaLoraCourse course = new QaLoraCourse();
        SpecCheck check = new StudyJobKind().validate(JSON.readTree("{\"base\": \"tiny\", \"group_size\": 24, \"steps\": 0, \"method\": \"lora\","
                + " \"dev_per_family\": 1000}"), course.dataDir());
        assertThat(check.problems()).extracting(SpecCheck.Problem::field)
                .containsExactlyInAnyOrder("spec.method", "spec.dev_per_family", "spec.group_size", "spec.steps");
        assertThat(check.toString()).contains("24 does not divide the input width");
        assertThat(new StudyJobKind().validate(JSON.readTree("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 2}"), course.dataDir()).isOk()).isTrue();
    }
}
