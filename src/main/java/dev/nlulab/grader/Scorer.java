package dev.nlulab.grader;

import dev.nlulab.labs.Key;
import dev.nlulab.metrics.Metric;

import java.util.ArrayList;
import java.util.List;

/** Scores predictions (aligned with a key's items) on the public share, the private share and all items. */
public final class Scorer {
    private final Key key;
    private final Metric metric;
    private final boolean[] isPublic;

    public Scorer(Key key, Metric metric, boolean[] isPublic) {
        if (isPublic.length != key.size()) throw new IllegalArgumentException("the public split does not match the key");
        this.key = key;
        this.metric = metric;
        this.isPublic = isPublic;
    }

    public Score score(List<List<String>> predictions) {
        return score(predictions, metric);
    }

    /** The same split scored with another metric (the extra figures a lab reports). */
    public Score score(List<List<String>> predictions, Metric metric) {
        int n = key.size();
        List<List<String>> pubGold = new ArrayList<>(n), pubPred = new ArrayList<>(n);
        List<List<String>> privGold = new ArrayList<>(n), privPred = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (isPublic[i]) {
                pubGold.add(key.gold(i));
                pubPred.add(predictions.get(i));
            } else {
                privGold.add(key.gold(i));
                privPred.add(predictions.get(i));
            }
        }
        double overall = metric.score(key.gold(), predictions);
        double pub = pubGold.isEmpty() ? overall : metric.score(pubGold, pubPred);
        double priv = privGold.isEmpty() ? overall : metric.score(privGold, privPred);
        return new Score(pub, priv, overall);
    }
}
