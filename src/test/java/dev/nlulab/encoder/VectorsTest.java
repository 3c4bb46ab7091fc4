package dev.nlulab.encoder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VectorsTest {

    @Test
    void cosineIsTheAngleNotTheLength() {
        assertThat(Vectors.cosine(new float[] {3, 0}, new float[] {0.5f, 0})).isCloseTo(1.0, within(1e-12));
        assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {0, 2})).isCloseTo(0.0, within(1e-12));
        assertThat(Vectors.cosine(new float[] {1, 1}, new float[] {-2, -2})).isCloseTo(-1.0, within(1e-12));
        assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {1, 1})).isCloseTo(Math.sqrt(0.5), within(1e-7));
        assertThat(Vectors.cosine(new float[] {0, 0}, new float[] {1, 1})).isZero();
    }

    @Test
    void normalizeScalesToUnitLengthAndLeavesZeroAlone() {
        assertThat(Vectors.normalize(new float[] {3, 4})).containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
        assertThat(Vectors.normalize(new float[] {0, 0})).containsExactly(0, 0);
    }

    @Test
    void vectorsOfDifferentSizesAreAnError() {
        assertThatThrownBy(() -> Vectors.dot(new float[3], new float[384])).hasMessageContaining("3 and 384");
    }
}
