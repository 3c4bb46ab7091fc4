package dev.nlulab.grader;

import java.util.Arrays;
import java.util.List;

/** The spread of a board's scores: summary figures and a histogram of equal-width bins over [min, max]. */
public record Distribution(int count, double min, double max, double mean, double median, List<Integer> bins) {
    public static final int BINS = 10;

    public static Distribution of(double[] scores) {
        if (scores.length == 0) return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
        double[] s = scores.clone();
        Arrays.sort(s);
        double min = s[0], max = s[s.length - 1];
        double mean = Arrays.stream(s).average().orElseThrow();
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        Integer[] bins = new Integer[BINS];
        Arrays.fill(bins, 0);
        double width = (max - min) / BINS;
        for (double v : s) bins[width == 0 ? 0 : Math.min(BINS - 1, (int) ((v - min) / width))]++;
        return new Distribution(s.length, min, max, mean, median, List.of(bins));
    }
}
