package dev.nlulab.demos;

import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ready-made prompts for the model page: a dev question of a few task families in the three ways the
 * course compares (zero-shot, zero-shot-CoT, few-shot-CoT), so a student can see prompting change the
 * answer. Dev items only: never a test question.
 */
public final class ExamplePrompts {
    /** One prompt to try. */
    public record Example(String id, String family, String method, String prompt) {}

    static final List<String> FAMILIES = List.of("coinflip", "lastletters", "multiarith", "gsm8k", "aqua", "strategyqa");
    private static final long SEED = 1;

    private final List<Example> examples;

    public ExamplePrompts() {
        List<Example> out = new ArrayList<>();
        for (String family : FAMILIES) {
            TaskSplits splits = devSplits(family);
            TaskItem item = splits.dev().get(0);
            out.add(new Example(family + "-zero-shot", family, "zero-shot", PromptFormats.zeroShot(item)));
            out.add(new Example(family + "-zero-shot-cot", family, "zero-shot-CoT", PromptFormats.zeroShotCot(item)));
            out.add(new Example(family + "-few-shot-cot", family, "few-shot-CoT",
                    PromptFormats.fewShotCot(splits.train().subList(0, 2), item)));
        }
        this.examples = List.copyOf(out);
    }

    /**
     * A family's dev split and the first two items of its train split. The course's own sizes and seed, so
     * the dev items are the export's and no test item shows. Train is drawn last, so its first two items are
     * the export's too without drawing the other 1,998.
     */
    static TaskSplits devSplits(String family) {
        return SPLITS.computeIfAbsent(family, f -> {
            TaskExport.Sizes sizes = TaskExport.Sizes.COURSE;
            return TaskSplits.generate(TaskSuite.family(f), SEED, 2, sizes.dev(), sizes.test());
        });
    }

    /** Drawn once per family: the same seed gives the same splits, and drawing them took a cot call tens of ms. */
    private static final java.util.Map<String, TaskSplits> SPLITS = new java.util.concurrent.ConcurrentHashMap<>();

    public List<Example> all() {
        return examples;
    }

    public Optional<Example> byId(String id) {
        return examples.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public Example first() {
        return examples.get(1);
    }
}
