package dev.nlulab.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Picks few-shot demonstrations from a pool (usually train items): of the question's own scenario, as
 * Meta-CoT does once it has identified the scenario, or of other scenarios, to show what a mismatch costs.
 */
public final class Demonstrations {
    private Demonstrations() {
    }

    /** {@code k} random pool items of {@code scenario} (fewer if the pool has fewer). */
    public static List<TaskItem> sameScenario(List<TaskItem> pool, Scenario scenario, int k, Random random) {
        return sample(pool.stream().filter(i -> i.scenario().equals(scenario)).toList(), k, random);
    }

    /** {@code k} random pool items of any scenario but {@code scenario}. */
    public static List<TaskItem> otherScenarios(List<TaskItem> pool, Scenario scenario, int k, Random random) {
        return sample(pool.stream().filter(i -> !i.scenario().equals(scenario)).toList(), k, random);
    }

    private static List<TaskItem> sample(List<TaskItem> candidates, int k, Random random) {
        List<TaskItem> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, Math.min(k, shuffled.size())));
    }
}
