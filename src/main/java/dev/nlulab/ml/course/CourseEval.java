package dev.nlulab.ml.course;

import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.Demonstrations;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskFamily;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskJson;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Exact-match accuracy of a model on each family's test split with three ways of prompting:
 * zero-shot ("... A: The answer is"), zero-shot-CoT ("... A: Let's think step by step.") and
 * few-shot-CoT (k worked demonstrations of the question's own scenario drawn from the train splits of
 * the pretrained families).
 * The answer is extracted by the question's form ({@link AnswerExtractor}) and compared exactly.
 */
public final class CourseEval {
    /** Where a model's text ends: the next question or a blank line. */
    public static final List<String> STOPS = List.of("\nQ:", "\n\n");

    /** A way of prompting. */
    public enum Method {
        ZERO_SHOT("zero-shot"), ZERO_SHOT_COT("zero-shot-CoT"), FEW_SHOT_COT("few-shot-CoT");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Continues prompts greedily (a batch at a time); the eval only sees text. */
    @FunctionalInterface
    public interface Completer {
        List<String> complete(List<String> prompts, int maxTokens);
    }

    /**
     * perFamily test items per family (the first ones), shots demonstrations for few-shot-CoT, new
     * tokens for chain-of-thought answers and for direct ones, prompts per batch, seed for the
     * demonstrations.
     */
    public record Options(int perFamily, int shots, int cotTokens, int directTokens, int batchSize, long seed) {
        public static Options defaults() {
            return new Options(200, 2, 160, 12, 16, 1);
        }
    }

    private CourseEval() {
    }

    /** Evaluates every family that has a test split in the export, in the suite's order. */
    public static EvalReport run(Path exportDir, Completer completer, Options options) {
        List<TaskItem> pretrained = new ArrayList<>();
        for (TaskFamily family : TaskSuite.pretraining()) {
            Path train = TaskExport.splitFile(exportDir, family.id(), TaskSplits.TRAIN);
            if (Files.isRegularFile(train)) pretrained.addAll(TaskJson.read(train));
        }
        List<EvalReport.FamilyResult> results = new ArrayList<>();
        for (TaskSuite.Entry entry : TaskSuite.entries()) {
            Path test = TaskExport.splitFile(exportDir, entry.family().id(), TaskSplits.TEST);
            if (!Files.isRegularFile(test)) continue;
            List<TaskItem> pool = demonstrationPool(exportDir, entry.family(), pretrained);
            List<TaskItem> items = TaskJson.read(test);
            items = items.subList(0, Math.min(options.perFamily(), items.size()));
            Map<Method, Integer> correct = new EnumMap<>(Method.class);
            for (Method method : Method.values()) {
                correct.put(method, countCorrect(items, method, pool, completer, options));
            }
            results.add(new EvalReport.FamilyResult(entry.family().id(), entry.role().name().toLowerCase(java.util.Locale.ROOT),
                    entry.family().scenario().label(), items.size(), correct));
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no test splits under " + exportDir + ": run bin/course-data first");
        }
        return new EvalReport(results);
    }

    /**
     * How many of a family's first {@code n} test items one method answers correctly, with the same
     * prompts and demonstrations as {@link #run} (the shipped model's test re-checks its card with it).
     */
    public static int correctOnTest(Path exportDir, String familyId, Method method, int n, Completer completer, Options options) {
        TaskFamily family = TaskSuite.family(familyId);
        List<TaskItem> pretrained = new ArrayList<>();
        for (TaskFamily f : TaskSuite.pretraining()) pretrained.addAll(TaskJson.read(TaskExport.splitFile(exportDir, f.id(), TaskSplits.TRAIN)));
        List<TaskItem> items = TaskJson.read(TaskExport.splitFile(exportDir, familyId, TaskSplits.TEST));
        return countCorrect(items.subList(0, Math.min(n, items.size())), method, demonstrationPool(exportDir, family, pretrained),
                completer, options);
    }

    /**
     * Demonstrations come from the pretrained families' train splits (Meta-CoT's pool), of the
     * question's scenario; a scenario none of them has (weekdays) takes the family's own train split.
     */
    static List<TaskItem> demonstrationPool(Path exportDir, TaskFamily family, List<TaskItem> pretrained) {
        if (pretrained.stream().anyMatch(i -> i.scenario().equals(family.scenario()))) return pretrained;
        Path own = TaskExport.splitFile(exportDir, family.id(), TaskSplits.TRAIN);
        return Files.isRegularFile(own) ? TaskJson.read(own) : List.of();
    }

    /** The prompt for an item: few-shot demonstrations are seeded by the item's id, so reruns compare. */
    public static String prompt(Method method, TaskItem item, List<TaskItem> pool, Options options) {
        return switch (method) {
            case ZERO_SHOT -> PromptFormats.zeroShot(item);
            case ZERO_SHOT_COT -> PromptFormats.zeroShotCot(item);
            case FEW_SHOT_COT -> PromptFormats.fewShotCot(Demonstrations.sameScenario(pool, item.scenario(),
                    options.shots(), new Random(options.seed() * 31 + item.id().hashCode())), item);
        };
    }

    /** Whether a completion of the method's prompt answers the item correctly. */
    public static boolean isCorrect(Method method, TaskItem item, String completion) {
        // A zero-shot prompt ends in the trigger: put it back so the extractor takes what follows it.
        String text = method == Method.ZERO_SHOT ? PromptFormats.ANSWER_TRIGGER + completion : completion;
        return AnswerExtractor.isCorrect(item, text);
    }

    private static int countCorrect(List<TaskItem> items, Method method, List<TaskItem> pool, Completer completer,
                                    Options options) {
        int tokens = method == Method.ZERO_SHOT ? options.directTokens() : options.cotTokens();
        int correct = 0;
        for (int from = 0; from < items.size(); from += options.batchSize()) {
            List<TaskItem> batch = items.subList(from, Math.min(items.size(), from + options.batchSize()));
            List<String> prompts = batch.stream().map(i -> prompt(method, i, pool, options)).toList();
            List<String> completions = completer.complete(prompts, tokens);
            for (int i = 0; i < batch.size(); i++) if (isCorrect(method, batch.get(i), completions.get(i))) correct++;
        }
        return correct;
    }
}
