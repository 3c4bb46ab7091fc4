package dev.nlulab.metrics;

import java.util.List;

/** Share of items whose predicted label equals the gold label (exactly, case and all). */
public final class Accuracy implements Metric.PerItem {
    @Override public String name() { return "accuracy"; }
    @Override public PredictionKind kind() { return PredictionKind.LABEL; }

    @Override
    public double item(List<String> gold, List<String> predicted) {
        return gold.get(0).equals(predicted.get(0)) ? 1 : 0;
    }
}
