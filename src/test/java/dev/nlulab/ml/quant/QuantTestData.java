package dev.nlulab.ml.quant;

import java.util.Random;

/** Seeded random matrices for the quantization tests. */
final class QuantTestData {
    private QuantTestData() {
    }

    static float[] normal(int n, long seed, double std) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * std);
        }
        return a;
    }

    static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }

    /** ||W X^T - W~ X^T||_F^2 for W (rows, cols) and X (n, cols). */
    static double outputError(float[] w, float[] wq, int rows, int cols, float[] x) {
        int n = x.length / cols;
        double s = 0;
        for (int o = 0; o < rows; o++) {
            for (int k = 0; k < n; k++) {
                double d = 0;
                for (int i = 0; i < cols; i++) {
                    d += (w[o * cols + i] - wq[o * cols + i]) * (double) x[k * cols + i];
                }
                s += d * d;
            }
        }
        return s;
    }
}
