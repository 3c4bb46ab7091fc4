package dev.nlulab.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The unweighted mean of per-class F1 over every label seen in gold or predictions (as scikit-learn's
 * default); a class with no true positive has F1 0.
 */
public final class MacroF1 implements Metric {
    @Override public String name() { return "macro_f1"; }
    @Override public PredictionKind kind() { return PredictionKind.LABEL; }

    @Override
    public double score(List<List<String>> gold, List<List<String>> predicted) {
        Map<String, int[]> counts = new HashMap<>(); // label -> {true positives, predicted, gold}
        for (int i = 0; i < gold.size(); i++) {
            String g = gold.get(i).get(0);
            String p = predicted.get(i).get(0);
            counts.computeIfAbsent(g, k -> new int[3])[2]++;
            counts.computeIfAbsent(p, k -> new int[3])[1]++;
            if (g.equals(p)) counts.get(g)[0]++;
        }
        double sum = 0;
        for (String label : new TreeSet<>(counts.keySet())) {
            int[] c = counts.get(label);
            sum += c[0] == 0 ? 0 : 2.0 * c[0] / (c[1] + c[2]);
        }
        return sum / counts.size();
    }
}
