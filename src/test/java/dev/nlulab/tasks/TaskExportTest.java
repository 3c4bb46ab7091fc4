package dev.nlulab.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.cli.DatasetCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskExportTest {
    @Test
    void theExportCommandWritesEverySplitOfEveryFamilyWithStableIds(@TempDir Path dir) throws Exception {
        int exit = new CommandLine(new DatasetCommand()).execute("--out", dir.toString(), "--seed", "9",
                "--per-family-train", "30", "--per-family-dev", "5", "--per-family-test", "10");
        assertThat(exit).isZero();
        for (TaskFamily family : TaskSuite.families()) {
            List<TaskItem> test = TaskJson.read(TaskExport.splitFile(dir, family.id(), "test"));
            List<TaskItem> train = TaskJson.read(TaskExport.splitFile(dir, family.id(), "train"));
            assertThat(test).hasSize(10).isEqualTo(TaskSplits.generate(family, 9, 30, 5, 10).test());
            assertThat(train).hasSize(30);
            assertThat(train.get(0).id()).isEqualTo(family.id() + "-train-00000");
        }
        String firstLine = Files.readAllLines(TaskExport.splitFile(dir, "aqua", "dev")).get(0);
        JsonNode node = new ObjectMapper().readTree(firstLine);
        assertThat(node.fieldNames()).toIterable().containsExactly("id", "family", "scenario", "question", "options", "rationale", "answer");
        assertThat(node.get("scenario").asText()).isEqualTo("<arithmetic, multiple-choice>");
        assertThat(node.get("options")).hasSize(5);

        JsonNode suite = new ObjectMapper().readTree(dir.resolve("suite.json").toFile());
        assertThat(suite.get("families")).hasSize(TaskSuite.families().size());
        assertThat(suite.get("families").get(12).get("role").asText()).isEqualTo("fine_tuning");
    }

    @Test
    void pretrainingExamplesComeOnlyFromInDistributionTrainSplits(@TempDir Path dir) {
        TaskExport.write(dir, 3, new TaskExport.Sizes(40, 5, 20));
        List<TextExample> examples = PretrainingSet.fromExport(dir, 3);
        Set<String> heldOut = new HashSet<>();
        for (TaskFamily family : TaskSuite.families()) {
            for (String split : List.of("dev", "test")) {
                TaskJson.read(TaskExport.splitFile(dir, family.id(), split)).forEach(i -> heldOut.add(i.fullQuestion()));
            }
        }
        assertThat(examples).isNotEmpty().allSatisfy(ex -> {
            assertThat(ex.itemId()).contains("-train-");
            assertThat(TaskSuite.entry(ex.family()).inDistribution()).isTrue();
            assertThat(heldOut).noneMatch(q -> ex.prompt().endsWith("Q: " + q + "\nA: Let's think step by step."));
        });
        assertThat(examples.stream().map(TextExample::family).distinct()).hasSize(10);
        // The same seed and sizes regenerate exactly what the export holds.
        assertThat(examples).isEqualTo(PretrainingSet.examples(3, 40, 5, 20));
    }

    @Test
    void aBadLineIsReportedWithFileAndLineNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("items.jsonl");
        TaskItem item = new AddSubFamily().generate(new java.util.Random(1)).withId("x-1");
        Files.writeString(file, TaskJson.toLine(item) + "\n{\"id\":\"x-2\",\"family\":\"addsub\"}\n");
        assertThatThrownBy(() -> TaskJson.read(file))
                .hasMessageContaining(file + ":2:").hasMessageContaining("missing field 'scenario'");
    }
}
