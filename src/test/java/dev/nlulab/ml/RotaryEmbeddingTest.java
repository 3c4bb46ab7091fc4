package dev.nlulab.ml;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Rotary positions against the Hugging Face formula written out in Java: for i < hd/2, with angle
 * a = p * theta^(-2i/hd), out[i] = x[i] cos a - x[i + hd/2] sin a and out[i + hd/2] = x[i + hd/2] cos a + x[i] sin a.
 */
class RotaryEmbeddingTest {
    static {
        TinyModels.init();
    }

    @Test
    void rotatesEachHalfPairByItsPositionsAngleAsHuggingFaceDoes() {
        int b = 2, h = 3, t = 4, hd = 8, half = hd / 2;
        double theta = 10000;
        float[] x = new float[b * h * t * hd];
        Random random = new Random(7);
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        long[][] positions = {{0, 1, 2, 3}, {5, 9, 0, 100}};
        try (NDManager m = NDManager.newBaseManager()) {
            RotaryEmbedding rotary = new RotaryEmbedding(hd, theta, m);
            float[] out = rotary.angles(m.create(positions)).rotate(m.create(x, new Shape(b, h, t, hd))).toFloatArray();
            for (int bi = 0; bi < b; bi++) for (int hi = 0; hi < h; hi++) for (int ti = 0; ti < t; ti++) {
                int at = ((bi * h + hi) * t + ti) * hd;
                for (int i = 0; i < half; i++) {
                    double angle = positions[bi][ti] / Math.pow(theta, 2.0 * i / hd);
                    double c = Math.cos(angle), s = Math.sin(angle);
                    assertThat(out[at + i]).isCloseTo((float) (x[at + i] * c - x[at + half + i] * s), Offset.offset(1e-4f));
                    assertThat(out[at + half + i]).isCloseTo((float) (x[at + half + i] * c + x[at + i] * s), Offset.offset(1e-4f));
                }
            }
        }
    }
}
