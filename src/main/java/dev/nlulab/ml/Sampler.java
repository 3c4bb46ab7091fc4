package dev.nlulab.ml;

import java.util.Arrays;
import java.util.Random;

/** Picks the next token from one row of logits, in Java: DJL has no multinomial sampling (docs/djl-pitfalls.md #4). */
final class Sampler {
    private Sampler() {
    }

    /** logits[offset, offset + vocab) -> a token id. */
    static int next(float[] logits, int offset, int vocab, double temperature, double topP, Random random) {
        if (temperature == 0) {
            int best = 0;
            for (int i = 1; i < vocab; i++) if (logits[offset + i] > logits[offset + best]) best = i;
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[vocab];
        double total = 0;
        for (int i = 0; i < vocab; i++) total += p[i] = Math.exp((logits[offset + i] - max) / temperature);
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        // nucleus: the most likely tokens until their mass reaches topP
        int keep = 0;
        double mass = 0;
        while (keep < vocab && (keep == 0 || mass < topP * total)) mass += p[order[keep++]];
        double u = random.nextDouble() * mass;
        for (int k = 0; k < keep; k++) {
            u -= p[order[k]];
            if (u <= 0) return order[k];
        }
        return order[keep - 1];
    }
}
