package dev.nlulab.ml;

import java.util.List;

/**
 * Examples packed for a causal LM: inputs are the sequence without its last token, targets the
 * sequence shifted by one, and the loss mask is 1 exactly where the target is one of the example's targets (its answer, and any
 * prompt tokens it marks).
 * Rows are right-padded (the causal mask already hides what comes after a token).
 */
public record Batch(long[][] inputs, long[][] targets, float[][] lossMask) {

    /** Packs examples, cutting each to at most {@code maxLength} + 1 tokens. */
    public static Batch of(List<TrainingExample> examples, long padId, int maxLength) {
        int rows = examples.size();
        int width = 0;
        for (TrainingExample e : examples) width = Math.max(width, Math.min(e.length(), maxLength + 1) - 1);
        long[][] inputs = new long[rows][width];
        long[][] targets = new long[rows][width];
        float[][] mask = new float[rows][width];
        for (int r = 0; r < rows; r++) {
            TrainingExample e = examples.get(r);
            int n = Math.min(e.length(), maxLength + 1);
            long[] sequence = new long[n];
            for (int i = 0; i < n; i++) sequence[i] = i < e.prompt().length ? e.prompt()[i] : e.answer()[i - e.prompt().length];
            java.util.Arrays.fill(inputs[r], padId);
            java.util.Arrays.fill(targets[r], padId);
            for (int t = 0; t < n - 1; t++) {
                inputs[r][t] = sequence[t];
                targets[r][t] = sequence[t + 1];
                mask[r][t] = e.isTarget(t + 1) ? 1f : 0f;
            }
        }
        return new Batch(inputs, targets, mask);
    }

    /** Number of answer tokens the loss counts. */
    public long targetCount() {
        long n = 0;
        for (float[] row : lossMask) for (float v : row) n += v > 0 ? 1 : 0;
        return n;
    }

    /** Number of real (unpadded) input tokens: what tokens/s counts. */
    public long inputTokens(long padId) {
        long n = 0;
        for (long[] row : inputs) {
            int end = row.length;
            while (end > 0 && row[end - 1] == padId) end--;
            n += end;
        }
        return n;
    }
}
