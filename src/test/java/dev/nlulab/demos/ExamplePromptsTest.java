package dev.nlulab.demos;

import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExamplePromptsTest {
    @Test
    void theExamplesAreTheExportsDevQuestionWithItsFirstTwoTrainDemonstrations() {
        ExamplePrompts examples = new ExamplePrompts();
        TaskExport.Sizes sizes = TaskExport.Sizes.COURSE;
        for (String family : examples.all().stream().map(ExamplePrompts.Example::family).distinct().toList()) {
            TaskSplits full = TaskSplits.generate(TaskSuite.family(family), 1, sizes.train(), sizes.dev(), sizes.test());
            assertThat(examples.byId(family + "-zero-shot").orElseThrow().prompt()).isEqualTo(PromptFormats.zeroShot(full.dev().get(0)));
            assertThat(examples.byId(family + "-few-shot-cot").orElseThrow().prompt())
                    .isEqualTo(PromptFormats.fewShotCot(full.train().subList(0, 2), full.dev().get(0)));
            assertThat(full.test()).noneMatch(t -> examples.byId(family + "-zero-shot").orElseThrow().prompt().equals(PromptFormats.zeroShot(t)));
        }
    }
}
