package dev.nlulab.metrics;

import java.util.List;

/**
 * A score over test items, higher is better. {@code gold.get(i)} is the item's gold value(s) (one
 * label, one number, several acceptable answers, or the relevant candidates); {@code predicted.get(i)}
 * is the prediction (one value, or a ranked list best first). Both lists are aligned and non-empty.
 */
public interface Metric {
    String name();

    PredictionKind kind();

    double score(List<List<String>> gold, List<List<String>> predicted);

    /** A metric that is the mean of a per-item score. */
    interface PerItem extends Metric {
        double item(List<String> gold, List<String> predicted);

        @Override
        default double score(List<List<String>> gold, List<List<String>> predicted) {
            double sum = 0;
            for (int i = 0; i < gold.size(); i++) sum += item(gold.get(i), predicted.get(i));
            return sum / gold.size();
        }
    }
}
