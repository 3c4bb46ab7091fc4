package dev.nlulab.metrics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metrics by the names lab.yaml uses: accuracy, macro_f1, exact_match, token_f1, mrr@k, success@k, ndcg@k, spearman. */
public final class Metrics {
    private static final Pattern AT_K = Pattern.compile("(mrr|success|ndcg)@([1-9][0-9]{0,3})");

    private Metrics() {}

    public static Metric byName(String name) {
        switch (name == null ? "" : name) {
            case "accuracy": return new Accuracy();
            case "macro_f1": return new MacroF1();
            case "exact_match": return new ExactMatch();
            case "token_f1": return new TokenF1();
            case "spearman": return new SpearmanRho();
            default:
        }
        Matcher m = AT_K.matcher(name == null ? "" : name);
        if (m.matches()) return new RankingMetric(RankingMetric.Type.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)), Integer.parseInt(m.group(2)));
        throw new IllegalArgumentException("unknown metric '" + name
                + "' (known: accuracy, macro_f1, exact_match, token_f1, spearman, mrr@k, success@k, ndcg@k)");
    }
}
