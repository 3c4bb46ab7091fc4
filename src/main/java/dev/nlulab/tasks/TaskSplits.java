package dev.nlulab.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Train, dev and test items of one family for one seed. Test is drawn first, then dev, then train,
 * and an item whose normalized question was already drawn is skipped, so no test question appears in
 * dev or train and no split repeats a question.
 */
public record TaskSplits(String family, long seed, List<TaskItem> train, List<TaskItem> dev, List<TaskItem> test) {
    public static final String TRAIN = "train", DEV = "dev", TEST = "test";

    /** Draws without end would mean the family has fewer distinct questions than asked for. */
    private static final int MAX_TRIES_PER_ITEM = 200;

    public static TaskSplits generate(TaskFamily family, long seed, int trainSize, int devSize, int testSize) {
        Random random = new Random(seed * 1_000_003L + family.id().hashCode());
        Set<String> seen = new HashSet<>();
        List<TaskItem> test = draw(family, random, seen, TEST, testSize);
        List<TaskItem> dev = draw(family, random, seen, DEV, devSize);
        List<TaskItem> train = draw(family, random, seen, TRAIN, trainSize);
        return new TaskSplits(family.id(), seed, train, dev, test);
    }

    public List<TaskItem> split(String name) {
        return switch (name) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
            default -> throw new IllegalArgumentException("unknown split '" + name + "' (train, dev or test)");
        };
    }

    private static List<TaskItem> draw(TaskFamily family, Random random, Set<String> seen, String split, int size) {
        List<TaskItem> items = new ArrayList<>(size);
        long tries = 0, maxTries = (long) MAX_TRIES_PER_ITEM * Math.max(size, 1);
        while (items.size() < size) {
            if (++tries > maxTries) {
                throw new IllegalStateException("family " + family.id() + " ran out of distinct questions for the "
                        + split + " split: " + items.size() + " of " + size + " after " + maxTries
                        + " draws (" + seen.size() + " distinct so far); ask for fewer items");
            }
            TaskItem item = family.generate(random);
            if (seen.add(item.dedupeKey())) {
                items.add(item.withId(String.format("%s-%s-%05d", family.id(), split, items.size())));
            }
        }
        return List.copyOf(items);
    }
}
