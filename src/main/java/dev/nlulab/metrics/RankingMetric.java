package dev.nlulab.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Retrieval metrics over the top k of a ranked list; any gold candidate is relevant (binary relevance).
 * MRR@k: 1/rank of the first relevant candidate. Success@k: 1 if any is in the top k.
 * nDCG@k: sum of 1/log2(rank+1) over relevant ranks, divided by the same for an ideal ranking.
 */
public final class RankingMetric implements Metric.PerItem {
    public enum Type { MRR, SUCCESS, NDCG }

    private final Type type;
    private final int k;

    public RankingMetric(Type type, int k) {
        this.type = type;
        this.k = k;
    }

    @Override public String name() { return type.name().toLowerCase(java.util.Locale.ROOT) + "@" + k; }
    @Override public PredictionKind kind() { return PredictionKind.RANKING; }

    @Override
    public double item(List<String> gold, List<String> predicted) {
        Set<String> relevant = gold.size() == 1 ? Set.of(gold.get(0)) : new HashSet<>(gold);
        int n = Math.min(k, predicted.size());
        switch (type) {
            case MRR -> {
                for (int i = 0; i < n; i++) if (relevant.contains(predicted.get(i))) return 1.0 / (i + 1);
                return 0;
            }
            case SUCCESS -> {
                for (int i = 0; i < n; i++) if (relevant.contains(predicted.get(i))) return 1;
                return 0;
            }
            default -> {
                double dcg = 0;
                for (int i = 0; i < n; i++) if (relevant.contains(predicted.get(i))) dcg += 1 / log2(i + 2);
                double ideal = 0;
                for (int i = 0; i < Math.min(k, relevant.size()); i++) ideal += 1 / log2(i + 2);
                return dcg / ideal;
            }
        }
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
