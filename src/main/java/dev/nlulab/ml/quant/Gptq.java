package dev.nlulab.ml.quant;

/**
 * GPTQ (Frantar et al.): quantizes one column at a time and spreads each column's rounding error
 * onto the columns not yet quantized, weighted by the inverse Hessian of the layer's squared output
 * error, {@code H = 2 X X^T} over calibration inputs X. Group scales and zeros are taken from the
 * already-updated weights when a group is reached. Plain double arrays: the course's layers are small.
 */
public final class Gptq {
    /** Fraction of the mean Hessian diagonal added to it, as in the reference implementation. */
    public static final double DEFAULT_DAMPING = 0.01;

    private Gptq() {
    }

    /**
     * @param weight row-major (rows, cols)
     * @param inputs calibration inputs of this layer, row-major (samples, cols)
     * @param groupSize columns per group; {@code <= 0} for one group per row
     */
    public static IntNWeight quantize(float[] weight, int rows, int cols, float[] inputs, int bits, int groupSize,
            double damping) {
        IntNWeight.checkGroupSize(groupSize, bits);
        int g = IntNWeight.resolveGroupSize(groupSize, cols);
        IntNWeight.checkShape(rows, cols, bits, g);
        if (weight.length != rows * cols) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + rows + "x" + cols);
        }
        if (inputs.length == 0 || inputs.length % cols != 0) {
            throw new IllegalArgumentException("calibration inputs have " + inputs.length
                    + " values, not a positive multiple of the " + cols + " input columns");
        }
        double[][] w = new double[rows][cols];
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                w[o][i] = weight[o * cols + i];
            }
        }
        double[][] h = hessian(inputs, cols);
        for (int i = 0; i < cols; i++) {
            if (h[i][i] == 0) { // a column no input ever uses: its weight does not matter
                h[i][i] = 1;
                for (int o = 0; o < rows; o++) {
                    w[o][i] = 0;
                }
            }
        }
        double meanDiag = 0;
        for (int i = 0; i < cols; i++) {
            meanDiag += h[i][i] / cols;
        }
        for (int i = 0; i < cols; i++) {
            h[i][i] += damping * meanDiag;
        }
        double[][] u = upperCholeskyOfInverse(h);

        int groups = cols / g;
        int[] codes = new int[rows * cols];
        float[] scales = new float[rows * groups];
        float[] zeros = new float[rows * groups];
        MinMaxGrid[] grids = new MinMaxGrid[rows];
        for (int i = 0; i < cols; i++) {
            if (i % g == 0) {
                for (int o = 0; o < rows; o++) {
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = i; j < i + g; j++) {
                        min = Math.min(min, w[o][j]);
                        max = Math.max(max, w[o][j]);
                    }
                    grids[o] = MinMaxGrid.of(min, max, bits);
                    scales[o * groups + i / g] = grids[o].scale();
                    zeros[o * groups + i / g] = grids[o].zero();
                }
            }
            double d = u[i][i];
            for (int o = 0; o < rows; o++) {
                int q = grids[o].code(w[o][i]);
                codes[o * cols + i] = q;
                double err = (w[o][i] - grids[o].value(q)) / d;
                for (int j = i + 1; j < cols; j++) {
                    w[o][j] -= err * u[i][j];
                }
            }
        }
        return new IntNWeight(rows, cols, bits, g, BitPacking.pack(codes, bits), scales, zeros);
    }

    /** {@code H = (2/n) X^T X} for X (n, cols). */
    static double[][] hessian(float[] inputs, int cols) {
        int n = inputs.length / cols;
        double[][] h = new double[cols][cols];
        for (int s = 0; s < n; s++) {
            int base = s * cols;
            for (int a = 0; a < cols; a++) {
                double xa = inputs[base + a];
                if (xa == 0) {
                    continue;
                }
                for (int b = 0; b < cols; b++) {
                    h[a][b] += xa * inputs[base + b];
                }
            }
        }
        for (double[] row : h) {
            for (int b = 0; b < cols; b++) {
                row[b] *= 2.0 / n;
            }
        }
        return h;
    }

    /** U upper triangular with {@code H^-1 = U^T U}. */
    static double[][] upperCholeskyOfInverse(double[][] h) {
        int n = h.length;
        double[][] l = lowerCholesky(h);
        double[][] lInv = new double[n][n]; // inverse of a lower-triangular matrix, by forward substitution
        for (int c = 0; c < n; c++) {
            lInv[c][c] = 1 / l[c][c];
            for (int r = c + 1; r < n; r++) {
                double sum = 0;
                for (int k = c; k < r; k++) {
                    sum += l[r][k] * lInv[k][c];
                }
                lInv[r][c] = -sum / l[r][r];
            }
        }
        double[][] inv = new double[n][n]; // H^-1 = L^-T L^-1
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double sum = 0;
                for (int k = Math.max(a, b); k < n; k++) {
                    sum += lInv[k][a] * lInv[k][b];
                }
                inv[a][b] = sum;
                inv[b][a] = sum;
            }
        }
        double[][] lower = lowerCholesky(inv);
        double[][] upper = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b <= a; b++) {
                upper[b][a] = lower[a][b];
            }
        }
        return upper;
    }

    static double[][] lowerCholesky(double[][] m) {
        int n = m.length;
        double[][] l = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c <= r; c++) {
                double sum = m[r][c];
                for (int k = 0; k < c; k++) {
                    sum -= l[r][k] * l[c][k];
                }
                if (r == c) {
                    if (sum <= 0) {
                        throw new IllegalStateException("Hessian is not positive definite at column " + r
                                + ": raise the damping or add calibration samples");
                    }
                    l[r][r] = Math.sqrt(sum);
                } else {
                    l[r][c] = sum / l[c][c];
                }
            }
        }
        return l;
    }
}
