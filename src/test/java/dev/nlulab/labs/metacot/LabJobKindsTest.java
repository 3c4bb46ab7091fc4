package dev.nlulab.labs.metacot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.prompting.got.sorting.SortingErrors;
import dev.nlulab.prompting.methods.CourseModelLlm;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's two job kinds: their specs checked field by field, and a sorting job run in process on a small copy of the lab. */
class LabJobKindsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> fields(SpecCheck check) {
        return check.problems().stream().map(SpecCheck.Problem::field).toList();
    }

    @Test
    void anEmptyPromptingSpecIsMetaCotOnTheCourseModelAndEveryBadFieldIsNamed() throws Exception {
        PromptingJobKind kind = new PromptingJobKind();
        assertThat(kind.validate(JSON.readTree("{}"), null).isOk()).isTrue();
        SpecCheck check = SpecCheck.ok();
        PromptingSpec spec = PromptingSpec.read(JSON.readTree("{}"), check);
        assertThat(spec.method()).isEqualTo("meta-cot");
        assertThat(spec.identification()).as("the identifier that meets the 95% target on the course model").isEqualTo("centroid");
        assertThat(spec.backend().inProcess()).isTrue();
        assertThat(spec.kPerScenario().values()).containsExactly(8, 4, 7, 6, 4, 8);
        assertThat(PromptingSpec.read(JSON.readTree("{\"question_template\": \"Question: {question}\\\\nAnswer:\"}"), SpecCheck.ok())
                .templates().question()).isEqualTo("Question: {question}\nAnswer:");

        SpecCheck bad = kind.validate(JSON.readTree("{\"method\": \"tree-of-thoughts\", \"k\": \"8,4\", \"demo_template\": \"Q: {question}\", "
                + "\"cot_trigger\": \"Think about {it}\", \"temperature\": 3, \"backend\": \"gpu1:8000\", \"shots\": 2}"), null);
        assertThat(fields(bad)).containsExactlyInAnyOrder("spec.method", "spec.k", "spec.demo_template", "spec.cot_trigger",
                "spec.temperature", "spec.backend", "spec.shots");
        assertThat(bad.problems()).filteredOn(p -> p.field().equals("spec.demo_template")).extracting(SpecCheck.Problem::message)
                .containsExactly("must use the slots {rationale}, {answer}");
        assertThat(fields(kind.validate(JSON.readTree("{\"method\": \"auto-cot\", \"identification\": \"llm\"}"), null))).containsExactly("spec.identification");
        assertThat(fields(kind.validate(JSON.readTree("{\"backend\": \"http://localhost:7070/v1\"}"), null))).containsExactly("spec.model");
        assertThat(fields(kind.validate(JSON.readTree("{\"model\": \"gpt\"}"), null))).containsExactly("spec.model");
        assertThat(fields(kind.validate(JSON.readTree("[1, 2]"), null))).isEmpty(); // not an object: every field takes its default
    }

    @Test
    void aSortingJobPredictsEachTestListInTheKeysSpellingAndWritesEveryGraph(@TempDir Path dir) throws Exception {
        CourseModelLlm.service(); // one PyTorch thread, set before the engine starts
        Path course = MiniLab.create(dir.resolve("course"));
        Path data = course.resolve("labs/metacot/data"), job = Files.createDirectories(dir.resolve("job"));
        Path testFile = data.resolve(MetaCotData.SORTING_TEST);
        Files.write(testFile, Files.readAllLines(testFile).subList(0, 2)); // the 8- and 12-digit problems: seconds, not a minute
        JsonNode spec = JSON.readTree("{\"plan\": \"got\", \"sort_tries\": 2, \"merge_tries\": 1, \"refine_tries\": 1, \"dev\": false}");
        try (PrintStream log = new PrintStream(Files.newOutputStream(job.resolve("log.txt")), true, StandardCharsets.UTF_8);
             JobContext ctx = new JobContext(job, 1, spec, data, CourseModelLlm.DIR.toAbsolutePath(), log, Clock.systemUTC())) {
            new SortingJobKind().run(ctx);
        }
        List<MetaCotData.SortingItem> test = MetaCotData.read(data.resolve(MetaCotData.SORTING_TEST), MetaCotData.SortingItem.class);
        assertThat(test).extracting(i -> i.digits().split(" ").length).containsExactly(8, 12);
        Map<String, String> predicted = Files.readAllLines(job.resolve(JobFiles.PREDICTIONS)).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toMap(n -> n.get("id").asText(), n -> n.get("prediction").asText()));
        assertThat(predicted.keySet()).containsExactlyInAnyOrderElementsOf(test.stream().map(MetaCotData.SortingItem::id).toList());
        List<String> graphs = Files.readAllLines(job.resolve("artefacts").resolve(SortingJobKind.GRAPHS));
        assertThat(graphs).hasSize(2);
        for (String line : graphs) {
            JsonNode g = JSON.readTree(line);
            String finalList = g.get("final").asText();
            assertThat(predicted.get(g.get("id").asText())).isEqualTo(SortingJobKind.prediction(finalList));
            assertThat(predicted.get(g.get("id").asText())).doesNotContain(" ");
            assertThat(g.get("error").asInt()).isEqualTo(SortingErrors.of(Map.of("original", g.get("digits").asText(), "current", finalList)));
            // 8 digits: 2 chunks, one merge; 12 digits: 3 chunks, two merges (the third chunk waits a round)
            long aggregates = 0;
            for (JsonNode op : g.get("operations")) if (op.get("type").asText().equals("Aggregate")) aggregates++;
            assertThat(aggregates).isEqualTo((g.get("digits").asText().split(" ").length + 3) / 4 - 1);
        }
        JsonNode report = JSON.readTree(job.resolve("artefacts").resolve(PromptingReport.REPORT).toFile());
        assertThat(report.path("test").path("problems").asInt()).isEqualTo(2);
        assertThat(report.path("test").path("by_size")).hasSize(2);
        assertThat(report.path("usage").path("calls").asLong()).isPositive();
    }
}
