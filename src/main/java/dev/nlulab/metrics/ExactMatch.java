package dev.nlulab.metrics;

import java.util.List;

/** 1 when the normalized prediction equals any normalized gold answer (SQuAD). */
public final class ExactMatch implements Metric.PerItem {
    @Override public String name() { return "exact_match"; }
    @Override public PredictionKind kind() { return PredictionKind.TEXT; }

    @Override
    public double item(List<String> gold, List<String> predicted) {
        String p = SquadText.normalize(predicted.get(0));
        for (String g : gold) if (SquadText.normalize(g).equals(p)) return 1;
        return 0;
    }
}
