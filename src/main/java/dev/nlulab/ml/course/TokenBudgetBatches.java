package dev.nlulab.ml.course;

import dev.nlulab.ml.Batch;
import dev.nlulab.ml.TrainingExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Batches of examples of similar length whose padded size stays within a token budget (1,536 in
 * pretraining), so short questions travel many to a batch and long few-shot prompts few: nearly no
 * compute goes to padding, and no example attends to another (what packing needs a document mask for).
 * Each epoch is shuffled by (seed, epoch), cut into windows, sorted by length inside a window, cut
 * into batches, and the batches shuffled again; step n always gets the same batch, so a resumed run
 * continues the same data order.
 */
public final class TokenBudgetBatches {
    private static final int WINDOW = 4096;

    private final List<TrainingExample> examples;
    private final int tokenBudget;
    private final int maxLength;
    private final long padId;
    private final long seed;
    private final List<List<int[]>> epochs = new ArrayList<>(); // per epoch: batches of example indices

    public TokenBudgetBatches(List<TrainingExample> examples, int tokenBudget, int maxLength, long padId, long seed) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
        if (tokenBudget < maxLength) {
            throw new IllegalArgumentException("token budget " + tokenBudget + " is below the longest example (" + maxLength + ")");
        }
        this.examples = List.copyOf(examples);
        this.tokenBudget = tokenBudget;
        this.maxLength = maxLength;
        this.padId = padId;
        this.seed = seed;
    }

    /** The batch of optimizer step {@code step} (0-based). */
    public Batch forStep(long step) {
        long remaining = step;
        for (int epoch = 0; ; epoch++) {
            List<int[]> batches = epoch(epoch);
            if (remaining < batches.size()) {
                List<TrainingExample> rows = new ArrayList<>();
                for (int i : batches.get((int) remaining)) rows.add(examples.get(i));
                return Batch.of(rows, padId, maxLength);
            }
            remaining -= batches.size();
        }
    }

    /** Optimizer steps in one pass over the examples. */
    public int stepsPerEpoch() {
        return epoch(0).size();
    }

    private List<int[]> epoch(int epoch) {
        while (epochs.size() <= epoch) epochs.add(cut(epochs.size()));
        return epochs.get(epoch);
    }

    private List<int[]> cut(int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) order.add(i);
        Collections.shuffle(order, random);
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += WINDOW) {
            List<Integer> window = new ArrayList<>(order.subList(from, Math.min(order.size(), from + WINDOW)));
            window.sort(Comparator.comparingInt(i -> length(examples.get(i))));
            List<Integer> current = new ArrayList<>();
            for (int i : window) {
                int width = length(examples.get(i)); // sorted: the newest is the longest
                if (!current.isEmpty() && (current.size() + 1) * width > tokenBudget) {
                    batches.add(current.stream().mapToInt(Integer::intValue).toArray());
                    current = new ArrayList<>();
                }
                current.add(i);
            }
            if (!current.isEmpty()) batches.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private int length(TrainingExample e) {
        return Math.min(e.length(), maxLength + 1) - 1;
    }
}
