package dev.nlulab.ml.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.ml.course.CourseEval.Method;
import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskJson;
import dev.nlulab.tasks.TaskSplits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval's accuracy arithmetic against a hand-made backend that knows which items it gets right. */
class CourseEvalTest {
    @Test
    void exactMatchCountsWhatTheExtractedAnswersGetRight(@TempDir Path dir) {
        Path export = dir.resolve("tasks");
        List<TaskSplits> splits = TaskExport.write(export, 3, new TaskExport.Sizes(8, 1, 6));
        Map<String, TaskItem> byQuestion = new HashMap<>();
        for (TaskSplits s : splits) for (TaskItem item : s.test()) byQuestion.put(item.fullQuestion(), item);
        List<String> prompts = new ArrayList<>();

        // Right on test items 0, 2, 4 (worked out in the CoT formats, bare in zero-shot); on the others it
        // names a wrong answer in the same form; few-shot answers right only for item 0.
        CourseEval.Completer backend = (batch, maxTokens) -> {
            List<String> out = new ArrayList<>();
            for (String prompt : batch) {
                prompts.add(prompt);
                String question = prompt.substring(prompt.lastIndexOf("Q: ") + 3, prompt.lastIndexOf("\nA:"));
                TaskItem item = byQuestion.get(question);
                int index = Integer.parseInt(item.id().substring(item.id().length() - 5));
                boolean fewShot = !prompt.startsWith("Q: " + question);
                boolean right = fewShot ? index == 0 : index % 2 == 0;
                String answer = right ? item.answer() : wrong(item);
                out.add(prompt.endsWith(dev.nlulab.tasks.PromptFormats.ANSWER_TRIGGER) ? " " + answer + "."
                        : " First I read the question. The answer is " + answer + ".");
            }
            return out;
        };
        EvalReport report = CourseEval.run(export, backend, new CourseEval.Options(6, 2, 40, 8, 4, 1));

        assertThat(report.families()).hasSize(14);
        for (EvalReport.FamilyResult f : report.families()) {
            assertThat(f.n()).isEqualTo(6);
            assertThat(f.correct()).containsEntry(Method.ZERO_SHOT, 3).containsEntry(Method.ZERO_SHOT_COT, 3)
                    .containsEntry(Method.FEW_SHOT_COT, 1);
            assertThat(f.best()).isEqualTo(0.5);
        }
        assertThat(report.averageBest()).isEqualTo(0.5);
        assertThat(report.fewShotWins()).containsExactly(0, 10);
        assertThat(report.targets()).extracting(EvalReport.Target::met).containsOnly(false);
        assertThat(prompts).hasSize(14 * 6 * 3);
        // Few-shot prompts carry two demonstrations of the question's own scenario from the pretrained
        // families (weekdays, a scenario none of them has, from its own train split).
        List<String> fewShot = prompts.stream().filter(p -> p.split("Q: ", -1).length == 4).toList();
        assertThat(fewShot).hasSize(14 * 6);
        Map<String, TaskItem> train = new HashMap<>();
        for (TaskSplits s : splits) for (TaskItem item : s.train()) train.put(item.fullQuestion(), item);
        List<String> pretrained = dev.nlulab.tasks.TaskSuite.pretraining().stream().map(dev.nlulab.tasks.TaskFamily::id).toList();
        for (String prompt : fewShot) {
            String[] parts = prompt.split("Q: ");
            TaskItem asked = byQuestion.get(parts[3].substring(0, parts[3].lastIndexOf("\nA:")));
            for (int d = 1; d <= 2; d++) {
                TaskItem demo = train.get(parts[d].substring(0, parts[d].indexOf("\nA:")));
                assertThat(demo.scenario()).isEqualTo(asked.scenario());
                if (asked.family().equals("weekdays")) assertThat(demo.family()).isEqualTo("weekdays");
                else assertThat(demo.family()).isIn(pretrained);
            }
        }
        assertThat(report.markdown()).contains("| addsub | in-distribution | `<arithmetic, short-answer>` | 6 | 50.0% | 50.0% | 16.7% | 50.0% |");
        Path json = dir.resolve("eval.json");
        report.writeJson(json);
        assertThat(EvalReport.readJson(json).markdown()).isEqualTo(report.markdown());
    }

    @Test
    void aZeroShotCompletionIsReadAfterTheTriggerTheModelDidNotWrite(@TempDir Path dir) {
        TaskExport.write(dir, 5, new TaskExport.Sizes(0, 0, 1));
        TaskItem item = TaskJson.read(TaskExport.splitFile(dir, "addsub", TaskSplits.TEST)).get(0);
        assertThat(CourseEval.isCorrect(Method.ZERO_SHOT, item, " " + item.answer() + ".\nQ: 7 + 1")).isTrue();
        assertThat(CourseEval.isCorrect(Method.ZERO_SHOT, item, " " + wrong(item) + ".")).isFalse();
        assertThat(CourseEval.isCorrect(Method.ZERO_SHOT_COT, item, " So 3 + 4 = 7. The answer is " + item.answer() + ".")).isTrue();
        assertThat(CourseEval.isCorrect(Method.ZERO_SHOT_COT, item, " I do not know.")).isFalse();
    }

    /** An answer of the item's form that is not its gold answer. */
    private static String wrong(TaskItem item) {
        return switch (item.scenario().form()) {
            case MULTIPLE_CHOICE -> item.answer().equals("A") ? "B" : "A";
            case YES_NO -> item.answer().equals("yes") ? "no" : "yes";
            case SHORT_ANSWER -> item.scenario().numericAnswer() ? item.answer() + "1" : item.answer() + "zz";
        };
    }
}
