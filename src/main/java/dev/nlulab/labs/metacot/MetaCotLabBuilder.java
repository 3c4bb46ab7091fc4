package dev.nlulab.labs.metacot;

import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.Scenario;
import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskFamily;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the Meta-CoT lab's data from the task suite with the course data's own seed and split sizes, so
 * its dev and test questions are ones the course model never trained on: the pool and the fixed
 * demonstrations from the ten in-distribution families' train splits, the labelled dev set from the dev
 * splits of all twelve families (the two out-of-distribution ones marked), the hidden test set from their
 * test splits, mixed and renamed so that an id tells nothing of the family; and sorting problems for the
 * Graph of Thoughts exercise.
 */
public final class MetaCotLabBuilder {
    public static final String LAB_ID = "metacot";
    /** The course data's export seed: the same splits as the model's pretraining (docs/course-model.md). */
    static final long SEED = 1;
    /** Fixed demonstrations per scenario: Wei et al.'s counts as Auto-CoT lists them. */
    static final Map<Scenario, Integer> FIXED_DEMOS = fixedDemoCounts();
    /** Train items after the pool's from which a family's fixed demonstrations are taken: enough for the largest count (8). */
    private static final int SPARE_PER_FAMILY = 8;
    /** The sorting sizes the course model's Graph of Thoughts works at (sortdigits was trained on 4-7 digits, never). */
    public static final List<Integer> SORTING_SIZES = List.of(8, 12, 16);

    /** How many items of each kind. */
    public record Sizes(int poolPerFamily, int devPerFamily, int testPerFamily, int sortingDevPerSize, int sortingTestPerSize) {
        public static final Sizes LAB = new Sizes(40, 20, 30, 3, 8);
    }

    /** Everything the lab's files hold. */
    public record Build(List<MetaCotData.PoolItem> pool, List<MetaCotData.FixedDemo> demos, List<MetaCotData.DevItem> dev,
                       List<MetaCotData.TestItem> test, List<MetaCotData.KeyLine> testKey,
                       List<MetaCotData.SortingItem> sortingDev, List<MetaCotData.SortingItem> sortingTest, List<MetaCotData.KeyLine> sortingKey) {}

    private MetaCotLabBuilder() {
    }

    private static Map<Scenario, Integer> fixedDemoCounts() {
        Map<Scenario, Integer> m = new LinkedHashMap<>();
        m.put(Scenario.ARITHMETIC_SHORT, 8);
        m.put(Scenario.ARITHMETIC_CHOICE, 4);
        m.put(Scenario.COMMONSENSE_CHOICE, 7);
        m.put(Scenario.COMMONSENSE_YES_NO, 6);
        m.put(Scenario.SYMBOLIC_SHORT, 4);
        m.put(Scenario.SYMBOLIC_YES_NO, 8);
        return Map.copyOf(m);
    }

    public static Build build(Sizes sizes) {
        TaskExport.Sizes course = TaskExport.Sizes.COURSE;
        if (sizes.devPerFamily() > course.dev() || sizes.testPerFamily() > course.test()) {
            throw new IllegalArgumentException("the lab draws from the course data's dev and test splits: at most "
                    + course.dev() + " dev and " + course.test() + " test items per family");
        }
        List<MetaCotData.PoolItem> pool = new ArrayList<>();
        Map<Scenario, List<TaskItem>> spareTrain = new LinkedHashMap<>();
        List<MetaCotData.DevItem> dev = new ArrayList<>();
        List<TaskItem> test = new ArrayList<>();
        for (TaskSuite.Entry entry : TaskSuite.entries()) {
            if (entry.fineTuning()) continue;
            TaskFamily family = entry.family();
            TaskSplits splits = TaskSplits.generate(family, SEED, course.train(), course.dev(), course.test());
            if (entry.inDistribution()) {
                for (TaskItem item : splits.train().subList(0, sizes.poolPerFamily())) {
                    pool.add(new MetaCotData.PoolItem(item.id(), family.id(), family.scenario().label(), item.fullQuestion()));
                }
                spareTrain.computeIfAbsent(family.scenario(), s -> new ArrayList<>())
                        .addAll(splits.train().subList(sizes.poolPerFamily(), sizes.poolPerFamily() + SPARE_PER_FAMILY));
            }
            for (TaskItem item : splits.dev().subList(0, sizes.devPerFamily())) {
                dev.add(new MetaCotData.DevItem(item.id(), family.id(), family.scenario().label(), entry.outOfDistribution(),
                        item.fullQuestion(), item.answer()));
            }
            test.addAll(splits.test().subList(0, sizes.testPerFamily()));
        }
        Random random = new Random(SEED);
        Collections.shuffle(pool, random);
        Collections.shuffle(test, random);
        List<MetaCotData.TestItem> testItems = new ArrayList<>();
        List<MetaCotData.KeyLine> key = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            TaskItem item = test.get(i);
            String id = String.format("q%04d", i + 1);
            testItems.add(new MetaCotData.TestItem(id, item.fullQuestion()));
            key.add(new MetaCotData.KeyLine(id, AnswerExtractor.canonical(item.answer()), item.family(), item.scenario().label()));
        }
        List<MetaCotData.FixedDemo> demos = fixedDemos(spareTrain);
        List<MetaCotData.SortingItem> sortingDev = new ArrayList<>(), sortingTest = new ArrayList<>();
        List<MetaCotData.KeyLine> sortingKey = new ArrayList<>();
        Random digits = new Random(SEED * 31 + 7);
        for (int n : SORTING_SIZES) {
            for (int i = 0; i < sizes.sortingDevPerSize(); i++) {
                String d = randomDigits(digits, n);
                sortingDev.add(new MetaCotData.SortingItem(String.format("sort%d-dev-%02d", n, i + 1), d, sorted(d)));
            }
            for (int i = 0; i < sizes.sortingTestPerSize(); i++) {
                String d = randomDigits(digits, n), id = String.format("sort%d-%02d", n, i + 1);
                sortingTest.add(new MetaCotData.SortingItem(id, d, null));
                sortingKey.add(new MetaCotData.KeyLine(id, AnswerExtractor.canonical(sorted(d)), "sorting" + n, Scenario.SYMBOLIC_SHORT.label()));
            }
        }
        return new Build(pool, demos, dev, testItems, key, sortingDev, sortingTest, sortingKey);
    }

    /** Wei et al.'s counts per scenario, the families of a scenario taking turns, from train items outside the pool. */
    private static List<MetaCotData.FixedDemo> fixedDemos(Map<Scenario, List<TaskItem>> spare) {
        List<MetaCotData.FixedDemo> out = new ArrayList<>();
        for (Map.Entry<Scenario, List<TaskItem>> e : spare.entrySet()) {
            Map<String, List<TaskItem>> byFamily = new LinkedHashMap<>();
            for (TaskItem item : e.getValue()) byFamily.computeIfAbsent(item.family(), f -> new ArrayList<>()).add(item);
            List<TaskItem> turns = new ArrayList<>();
            for (int round = 0; round < SPARE_PER_FAMILY; round++) {
                for (List<TaskItem> items : byFamily.values()) turns.add(items.get(round));
            }
            for (TaskItem t : turns.subList(0, FIXED_DEMOS.get(e.getKey()))) {
                out.add(new MetaCotData.FixedDemo(t.id(), t.family(), t.scenario().label(), t.fullQuestion(), t.rationale(), t.answer()));
            }
        }
        return out;
    }

    static String randomDigits(Random random, int n) {
        List<String> d = new ArrayList<>();
        for (int i = 0; i < n; i++) d.add(Integer.toString(random.nextInt(10)));
        return String.join(" ", d);
    }

    static String sorted(String digits) {
        List<String> d = new ArrayList<>(List.of(digits.split(" ")));
        Collections.sort(d);
        return String.join(" ", d);
    }

    /** Writes the public files to {@code labDir/data/} and the keys and grading.yaml to {@code graderDir}. */
    public static void write(Build b, Path labDir, Path graderDir) throws IOException {
        Path data = labDir.resolve("data");
        MetaCotData.write(data.resolve(MetaCotData.POOL), b.pool());
        MetaCotData.write(data.resolve(MetaCotData.DEMOS), b.demos());
        MetaCotData.write(data.resolve(MetaCotData.DEV), b.dev());
        MetaCotData.write(data.resolve(MetaCotData.TEST), b.test());
        MetaCotData.write(data.resolve(MetaCotData.SORTING_DEV), b.sortingDev());
        MetaCotData.write(data.resolve(MetaCotData.SORTING_TEST), b.sortingTest());
        MetaCotData.write(graderDir.resolve("test-key.jsonl"), b.testKey());
        MetaCotData.write(graderDir.resolve("sorting-key.jsonl"), b.sortingKey());
        Files.writeString(graderDir.resolve("grading.yaml"), """
                # Hidden side of the Meta-CoT lab: written by `nlulab lab build-metacot`.
                exercises:
                  competition:
                    key: test-key.jsonl
                  study:
                    key: test-key.jsonl
                  got:
                    key: sorting-key.jsonl
                """, StandardCharsets.UTF_8);
    }
}
