package io.nlpstream.models.head;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MathsTest {

    @Test
    void softmaxOfLargeLogitsStaysFiniteAndSumsToOne() {
        // given logits that overflow exp() without the max shift
        float[] logits = {1000f, 1001f, 1002f};

        // when
        float[] p = Maths.softmax(logits);

        // then
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, within(1e-6f));
        assertThat(p[2]).isCloseTo(0.66524096f, within(1e-6f));
        assertThat(p[0]).isCloseTo(0.09003057f, within(1e-6f));
    }

    @Test
    void softmaxOfARangeIgnoresTheRest() {
        // given a row-major [2, 2] matrix
        float[] matrix = {0f, 0f, 5f, 5f};

        // when
        float[] second = Maths.softmax(matrix, 2, 2);

        // then
        assertThat(second).containsExactly(0.5f, 0.5f);
    }

    @Test
    void softmaxGivesMaskedLogitsZero() {
        // given the -10000 the QA head uses for masked tokens
        float[] p = Maths.softmax(new float[] {2f, -10000f, 2f});

        // then
        assertThat(p).containsExactly(0.5f, 0f, 0.5f);
    }

    @Test
    void sigmoidMatchesTheLogisticFunction() {
        // when
        float[] s = Maths.sigmoid(new float[] {0f, 2f, -2f, -100f});

        // then
        assertThat(s[0]).isEqualTo(0.5f);
        assertThat(s[1]).isCloseTo(0.880797f, within(1e-6f));
        assertThat(s[2]).isCloseTo(0.119203f, within(1e-6f));
        assertThat(s[3]).isGreaterThanOrEqualTo(0f).isLessThan(1e-40f);
    }

    @Test
    void argmaxPicksTheFirstOfEqualMaxima() {
        assertThat(Maths.argmax(new float[] {1f, 3f, 3f, 2f})).isEqualTo(1);
        assertThat(Maths.argmax(new float[] {9f, 1f, 3f, 3f}, 2, 2)).isEqualTo(0);
    }

    @Test
    void argmaxOfNothingFails() {
        assertThatThrownBy(() -> Maths.argmax(new float[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanPoolSkipsMaskedTokens() {
        // given three tokens of width 2, the last one padding
        float[] tokens = {1f, 2f, 3f, 4f, 100f, 100f};
        long[] mask = {1, 1, 0};

        // when
        float[] mean = Maths.meanPool(tokens, 2, mask);

        // then
        assertThat(mean).containsExactly(2f, 3f);
    }

    @Test
    void meanPoolOfAnEmptyMaskIsZero() {
        assertThat(Maths.meanPool(new float[] {1f, 1f}, 2, new long[] {0})).containsExactly(0f, 0f);
    }
}
