package dev.nlulab.ml.quant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantizationErrorTest {
    static final int ROWS = 32;
    static final int COLS = 256;
    final float[] w = QuantTestData.normal(ROWS * COLS, 3, 0.05);

    @Test
    void errorFallsAsBitsRise() {
        double previous = Double.MAX_VALUE;
        for (int bits : IntNWeight.SUPPORTED_BITS) {
            double err = QuantTestData.mse(w, RoundToNearest.quantize(w, ROWS, COLS, bits, 64).dequantize());
            assertThat(err).as("%d bits", bits).isLessThan(previous);
            previous = err;
        }
    }

    @Test
    void errorFallsAsGroupsShrink() {
        for (int bits : new int[] {2, 4}) {
            double previous = QuantTestData.mse(w, RoundToNearest.quantize(w, ROWS, COLS, bits, -1).dequantize());
            for (int g : new int[] {128, 64, 32}) {
                double err = QuantTestData.mse(w, RoundToNearest.quantize(w, ROWS, COLS, bits, g).dequantize());
                assertThat(err).as("%d bits, group %d", bits, g).isLessThan(previous);
                previous = err;
            }
        }
    }

    @Test
    void dequantizedWeightIsScaleTimesCodeMinusZero() {
        IntNWeight q = RoundToNearest.quantize(w, ROWS, COLS, 3, 32);
        int[] codes = q.codes();
        float[] s = q.scales();
        float[] z = q.zeros();
        float[] deq = q.dequantize();
        assertThat(java.util.Arrays.stream(codes).allMatch(c -> c >= 0 && c < 8)).isTrue();
        int o = 5;
        int i = 77;
        int k = o * q.groups() + i / 32;
        assertThat(deq[o * COLS + i]).isEqualTo(s[k] * (codes[o * COLS + i] - z[k]));
        // min-max: every weight lies within half a step of its grid value
        for (int j = 0; j < w.length; j++) {
            int kk = (j / COLS) * q.groups() + (j % COLS) / 32;
            assertThat(Math.abs(w[j] - deq[j])).isLessThanOrEqualTo(s[kk] * 0.5f + 1e-6f);
        }
    }

    @Test
    void nf4BeatsPerRowInt4OnNormalWeights() {
        double nf4 = QuantTestData.mse(w, Nf4Weight.quantize(w, ROWS, COLS, false).dequantize());
        double nf4Double = QuantTestData.mse(w, Nf4Weight.quantize(w, ROWS, COLS, true).dequantize());
        double int4 = QuantTestData.mse(w, RoundToNearest.quantize(w, ROWS, COLS, 4, -1).dequantize());
        assertThat(nf4).isLessThan(int4);
        assertThat(nf4Double).isLessThan(int4);
        assertThat(nf4Double).isLessThan(nf4 * 1.05); // double quantization of the constants costs little
        assertThat(Nf4Weight.quantize(w, ROWS, COLS, true).storedBytes())
                .isLessThan(Nf4Weight.quantize(w, ROWS, COLS, false).storedBytes());
    }

    @Test
    void nf4LevelsAreSymmetricQuantilesWithAnExactZero() {
        assertThat(Nf4Weight.LEVELS).hasSize(16).startsWith(-1f).endsWith(1f).contains(0f);
        for (int k = 1; k < 16; k++) {
            assertThat(Nf4Weight.LEVELS[k]).isGreaterThan(Nf4Weight.LEVELS[k - 1]);
        }
    }

    @Test
    void gptqBeatsRoundToNearestOnCalibrationOutputs() {
        int rows = 24;
        int cols = 64;
        float[] weight = QuantTestData.normal(rows * cols, 11, 0.1);
        // correlated inputs, as real activations are: a low-rank signal plus noise
        int n = 256;
        float[] basis = QuantTestData.normal(8 * cols, 12, 1);
        float[] mix = QuantTestData.normal(n * 8, 13, 1);
        float[] noise = QuantTestData.normal(n * cols, 14, 0.1);
        float[] x = new float[n * cols];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < cols; i++) {
                double v = noise[k * cols + i];
                for (int b = 0; b < 8; b++) {
                    v += mix[k * 8 + b] * basis[b * cols + i];
                }
                x[k * cols + i] = (float) v;
            }
        }
        for (int bits : new int[] {2, 3, 4}) {
            for (int g : new int[] {-1, 32}) {
                double rtn = QuantTestData.outputError(weight,
                        RoundToNearest.quantize(weight, rows, cols, bits, g).dequantize(), rows, cols, x);
                double gptq = QuantTestData.outputError(weight,
                        Gptq.quantize(weight, rows, cols, x, bits, g, Gptq.DEFAULT_DAMPING).dequantize(), rows, cols, x);
                assertThat(gptq).as("%d bits, group %d", bits, g).isLessThan(rtn);
            }
        }
    }

    @Test
    void choleskyOfTheInverseReproducesTheInverse() {
        double[][] h = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
        double[][] u = Gptq.upperCholeskyOfInverse(h);
        // U^T U H = I
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    double inv = 0;
                    for (int m = 0; m < 3; m++) {
                        inv += u[m][a] * u[m][k];
                    }
                    v += inv * h[k][b];
                }
                assertThat(v).isCloseTo(a == b ? 1 : 0, org.assertj.core.data.Offset.offset(1e-9));
            }
            for (int b = 0; b < a; b++) {
                assertThat(u[a][b]).isZero();
            }
        }
    }

    @Test
    void aGroupWhoseWeightsAreAllEqualComesBackExactly() {
        // one row of four groups: 0.013 everywhere, -0.42 everywhere, 0 everywhere, and a normal group
        float[] w = new float[32];
        java.util.Arrays.fill(w, 0, 8, 0.013f);
        java.util.Arrays.fill(w, 8, 16, -0.42f);
        float[] normal = QuantTestData.normal(8, 3, 0.02);
        System.arraycopy(normal, 0, w, 24, 8);
        for (int bits : IntNWeight.SUPPORTED_BITS) {
            float[] rtn = RoundToNearest.quantize(w, 1, 32, bits, 8).dequantize();
            float[] gptq = Gptq.quantize(w, 1, 32, QuantTestData.normal(64 * 32, 4, 1.0), bits, 8, Gptq.DEFAULT_DAMPING).dequantize();
            for (float[] back : java.util.List.of(rtn, gptq)) {
                for (int i = 0; i < 24; i++) assertThat(back[i]).as(bits + "-bit weight " + i).isEqualTo(w[i]);
            }
        }
    }

    @Test
    void groupSizesThatMakeNoSenseAreRefusedWithAMessage() {
        float[] w = QuantTestData.normal(4 * 64, 5, 0.02);
        for (int g : new int[]{1, 2, 0, -2}) {
            assertThatThrownBy(() -> RoundToNearest.quantize(w, 4, 64, 4, g)).as("group size " + g)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group size");
        }
        assertThatThrownBy(() -> RoundToNearest.quantize(w, 4, 64, 4, 1)).hasMessageContaining("larger than the float");
        assertThatThrownBy(() -> RoundToNearest.quantize(w, 4, 64, 4, 48)).hasMessageContaining("divide");
        assertThat(RoundToNearest.quantize(w, 4, 64, 4, -1).groupSize()).isEqualTo(64);
        assertThat(RoundToNearest.quantize(w, 4, 64, 4, 8).groups()).isEqualTo(8);
        assertThat(RoundToNearest.quantize(w, 4, 64, 2, 4).storedBytes()).as("2-bit in groups of 4: still smaller")
                .isLessThan(4L * 4 * 64);
    }
}
