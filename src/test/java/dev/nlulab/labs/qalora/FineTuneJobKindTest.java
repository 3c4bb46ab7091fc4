package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole kind in this JVM for QLoRA with GPTQ: the path the end-to-end test (QA-LoRA, RTN) does not take. */
class FineTuneJobKindTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void qloraMergedAndRequantizedByGptqReportsWhatRequantizingCost(@TempDir Path dir) throws Exception {
        QaLoraCourse course = new QaLoraCourse();
        JsonNode spec = JSON.readTree("{\"base\": \"tiny\", \"method\": \"qlora\", \"quantizer\": \"gptq\", \"bits\": 3, \"group_size\": 16,"
                + " \"rank\": 2, \"lr\": 0.02, \"warmup\": 0, \"steps\": 4, \"batch_size\": 4, \"eval_every\": 2}");
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(JobFiles.LOG)), true, StandardCharsets.UTF_8);
             JobContext ctx = new JobContext(dir, 7, spec, course.dataDir(), log, Clock.systemUTC())) {
            new FineTuneJobKind().run(ctx);
        }
        RunReport report = RunReport.read(dir.resolve("artefacts").resolve(RunReport.FILE));
        assertThat(report.label()).isEqualTo("QLoRA + GPTQ INT3 g16");
        assertThat(report.mergeCheck().exact()).as("max |logit diff| %s", report.mergeCheck().maxAbsLogitDifference()).isFalse();
        // 3 bits a weight plus a float32 scale and zero per 16 weights (4 bits a weight), against 32
        assertThat(report.size().projectionRatio()).isCloseTo(7 / 32.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Files.readString(dir.resolve("artefacts/adapter_config.json"))).contains("\"quant_type\" : \"nf4\"");
        assertThat(Files.readString(dir.resolve("artefacts/config.json"))).contains("\"bits\" : 3");
        List<String> predictions = Files.readAllLines(dir.resolve(JobFiles.PREDICTIONS));
        assertThat(predictions).hasSize(2 * QaLoraCourse.TEST);
        assertThat(JobFiles.readSummary(dir)).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("Merge check");
            assertThat(r.value()).contains("not exact: what quantizing the merged model again cost");
        });
        assertThat(Files.readString(dir.resolve(JobFiles.LOG))).contains("re-quantized by GPTQ to INT3");
    }
}
