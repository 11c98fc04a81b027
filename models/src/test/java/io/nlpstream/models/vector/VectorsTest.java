package io.nlpstream.models.vector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VectorsTest {

    @Test
    void dotRunsInDoubleAndRejectsDifferentDimensions() {
        assertThat(Vectors.dot(new float[] {1f, 2f}, new float[] {3f, 4f})).isEqualTo(11.0);
        assertThat(Vectors.dot(new float[] {1e8f, 1f, -1e8f}, new float[] {1f, 1f, 1f})).isEqualTo(1.0);
        assertThatThrownBy(() -> Vectors.dot(new float[] {1f}, new float[] {1f, 2f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 vs 2");
    }

    @Test
    void l2NormalizeGivesAUnitVectorAndLeavesZerosAlone() {
        float[] raw = {3f, 4f};

        assertThat(Vectors.l2Normalize(raw)).containsExactly(0.6f, 0.8f);
        assertThat(raw).containsExactly(3f, 4f);
        assertThat(Vectors.l2Normalize(new float[] {0f, 0f})).containsExactly(0f, 0f);
        assertThat(Vectors.norm(Vectors.l2Normalize(new float[] {1f, 2f, 3f}))).isCloseTo(1.0, within(1e-7));
    }

    @Test
    void cosineIgnoresLengthAndHandlesZeroVectors() {
        assertThat(Vectors.cosine(new float[] {1f, 0f}, new float[] {5f, 0f})).isCloseTo(1.0, within(1e-12));
        assertThat(Vectors.cosine(new float[] {1f, 0f}, new float[] {0f, 2f})).isCloseTo(0.0, within(1e-12));
        assertThat(Vectors.cosine(new float[] {1f, 1f}, new float[] {-1f, -1f})).isCloseTo(-1.0, within(1e-12));
        assertThat(Vectors.cosine(new float[] {0f, 0f}, new float[] {1f, 1f})).isZero();
    }

    @Test
    void cosineFromPrecomputedNormsIsTheSameNumber() {
        float[] a = {0.3f, -0.2f, 0.9f};
        float[] b = {0.1f, 0.7f, -0.4f};

        assertThat(Vectors.cosine(Vectors.dot(a, b), Vectors.norm(a), Vectors.norm(b)))
                .isEqualTo(Vectors.cosine(a, b));
    }
}
