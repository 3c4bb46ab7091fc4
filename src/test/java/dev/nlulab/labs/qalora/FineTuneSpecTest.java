package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.ml.peft.PeftMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A fine-tuning spec is checked field by field against the base's shape before anything is queued. */
class FineTuneSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static QaLoraCourse course;

    @BeforeAll
    static void course() throws Exception {
        course = new QaLoraCourse();
        var broken = Files.createDirectories(course.course.resolve("models/broken"));
        Files.writeString(broken.resolve("config.json"), "{\"hidden_size\": \"wide\"}");
        Files.writeString(broken.resolve("tokenizer.json"), "{}");
        Files.writeString(broken.resolve("model.safetensors"), "");
    }

    private static List<SpecCheck.Problem> problems(String json) throws Exception {
        return new FineTuneJobKind().validate(JSON.readTree(json), course.dataDir()).problems();
    }

    @Test
    void theDefaultsOnTheTinyBaseAreAValidQaLoraRun() throws Exception {
        FineTuneSpec.Parsed p = FineTuneSpec.parse(JSON.readTree("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 2}"), course.dataDir());
        assertThat(p.check().problems()).isEmpty();
        FineTuneSpec s = p.spec();
        assertThat(s.method()).isEqualTo(PeftMethod.QALORA);
        assertThat(s.bits()).isEqualTo(4);
        assertThat(s.targets()).containsExactly("q", "k", "v", "o", "gate", "up", "down");
        assertThat(s.label()).isEqualTo("QA-LoRA INT4 g16");
        assertThat(p.baseModel().config().hiddenSize()).isEqualTo(32);
    }

    @Test
    void aRankOverThePooledWidthNamesTheNarrowestProjection() throws Exception {
        assertThat(problems("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 3}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.rank");
            assertThat(p.message()).contains("larger than the pooled width 2 of q_proj").contains("32 inputs / group size 16");
        });
        // LoRA has no pooling: the same rank is fine
        assertThat(problems("{\"base\": \"tiny\", \"method\": \"lora\", \"group_size\": 16, \"rank\": 3}")).isEmpty();
    }

    @Test
    void aGroupSizeThatDoesNotDivideEveryWidthIsRefusedWithTheDivisorsToChoose() throws Exception {
        assertThat(problems("{\"base\": \"tiny\", \"group_size\": 24, \"rank\": 1}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.group_size");
            assertThat(p.message()).contains("24 does not divide the input width 32").contains("choose a divisor of 32");
        });
    }

    @Test
    void everyBadFieldIsReportedAtOnceOnItsOwnField() throws Exception {
        List<SpecCheck.Problem> all = problems("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 1, \"bits\": 5, \"steps\": 30000,"
                + " \"method\": \"full\", \"lr\": \"fast\", \"epochs\": 3, \"dropout\": 0.95, \"targets\": \"q,x\"}");
        assertThat(all).extracting(SpecCheck.Problem::field).containsExactlyInAnyOrder("spec.epochs", "spec.method", "spec.bits",
                "spec.dropout", "spec.targets", "spec.lr", "spec.steps");
        assertThat(all).filteredOn(p -> p.field().equals("spec.bits")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("must be one of [2, 3, 4, 8], was 5"));
        assertThat(all).filteredOn(p -> p.field().equals("spec.steps")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("must be between 1 and 20000, was 30000"));
        assertThat(all).filteredOn(p -> p.field().equals("spec.targets")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'x' is not a projection"));
        assertThat(problems("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 1, \"steps\": 10, \"warmup\": 10}"))
                .extracting(SpecCheck.Problem::field).containsExactly("spec.warmup");
    }

    @Test
    void aBaseThatIsMissingBrokenOrAPathIsRefusedOnTheBaseField() throws Exception {
        assertThat(problems("{\"base\": \"nope\"}")).extracting(SpecCheck.Problem::toString)
                .containsExactly("spec.base: there is no model folder models/nope");
        assertThat(problems("{\"base\": \"../labs\"}")).extracting(SpecCheck.Problem::field).containsExactly("spec.base");
        assertThat(problems("{\"base\": \"broken\"}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.base");
            assertThat(p.message()).contains("models/broken/config.json is not a Llama config");
        });
    }

    @Test
    void theMemoryEstimateGrowsWithWhatTheRunHolds() throws Exception {
        FineTuneJobKind kind = new FineTuneJobKind();
        long small = kind.estimatePeakMemoryBytes(JSON.readTree("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 1, \"batch_size\": 4}"), course.dataDir());
        long batch = kind.estimatePeakMemoryBytes(JSON.readTree("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 1, \"batch_size\": 64}"), course.dataDir());
        long gptq = kind.estimatePeakMemoryBytes(JSON.readTree("{\"base\": \"tiny\", \"group_size\": 16, \"rank\": 1, \"batch_size\": 4, \"quantizer\": \"gptq\"}"), course.dataDir());
        long course4m = kind.estimatePeakMemoryBytes(JSON.readTree("{\"batch_size\": 4}"), java.nio.file.Path.of("labs/qalora/data"));
        assertThat(batch).isGreaterThan(small);
        assertThat(gptq).isGreaterThan(small);
        assertThat(course4m).as("the 4M course model against the tiny one").isGreaterThan(small);
    }
}
