package dev.nlulab.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQuAD token F1: overlap of normalized tokens (as multisets), the best over the gold answers. */
public final class TokenF1 implements Metric.PerItem {
    @Override public String name() { return "token_f1"; }
    @Override public PredictionKind kind() { return PredictionKind.TEXT; }

    @Override
    public double item(List<String> gold, List<String> predicted) {
        List<String> p = SquadText.tokens(predicted.get(0));
        double best = 0;
        for (String g : gold) best = Math.max(best, f1(SquadText.tokens(g), p));
        return best;
    }

    static double f1(List<String> gold, List<String> predicted) {
        if (gold.isEmpty() || predicted.isEmpty()) return gold.equals(predicted) ? 1 : 0;
        Map<String, Integer> left = new HashMap<>();
        for (String t : gold) left.merge(t, 1, Integer::sum);
        int common = 0;
        for (String t : predicted) {
            Integer c = left.get(t);
            if (c != null && c > 0) {
                common++;
                left.put(t, c - 1);
            }
        }
        if (common == 0) return 0;
        double precision = (double) common / predicted.size();
        double recall = (double) common / gold.size();
        return 2 * precision * recall / (precision + recall);
    }
}
