package dev.nlulab.metrics;

import java.util.Arrays;
import java.util.List;

/** Spearman's rho: Pearson correlation of the ranks, tied values sharing their average rank. */
public final class SpearmanRho implements Metric {
    @Override public String name() { return "spearman"; }
    @Override public PredictionKind kind() { return PredictionKind.NUMBER; }

    @Override
    public double score(List<List<String>> gold, List<List<String>> predicted) {
        int n = gold.size();
        double[] g = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Double.parseDouble(gold.get(i).get(0));
            p[i] = Double.parseDouble(predicted.get(i).get(0));
        }
        return pearson(ranks(g), ranks(p));
    }

    /** 1-based ranks; a run of equal values gets the mean of the ranks it spans. */
    static double[] ranks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) ranks[order[i]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /** 0 when either side is constant: no ordering was predicted (or there is none to find). */
    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
