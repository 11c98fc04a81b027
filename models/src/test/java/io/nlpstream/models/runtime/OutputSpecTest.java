package io.nlpstream.models.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputSpecTest {

    @Test
    void aDynamicSecondDimensionIsTheSequenceAxis() {
        assertThat(new OutputSpec("logits", new long[]{-1, -1, 9}).perToken()).isTrue();
        assertThat(new OutputSpec("logits", new long[]{-1, 3}).perToken()).isFalse();
        assertThat(new OutputSpec("score", new long[]{-1}).perToken()).isFalse();
    }

    @Test
    void theBatchShapeFillsTheBatchAndSequenceAxesAndKeepsFixedDimensions() {
        assertThat(new OutputSpec("hidden", new long[]{-1, -1, 384}).batchShape(4, 17)).containsExactly(4, 17, 384);
        assertThat(new OutputSpec("logits", new long[]{-1, 3}).batchShape(4, 17)).containsExactly(4, 3);
        assertThat(new OutputSpec("score", new long[]{-1}).batchShape(4, 17)).containsExactly(4);
    }

    @Test
    void noBatchShapeWhenAnotherDimensionIsDynamic() {
        assertThat(new OutputSpec("odd", new long[]{-1, -1, -1}).batchShape(4, 17)).isNull();
        assertThat(new OutputSpec("odd", new long[]{-1, 2, -1}).batchShape(4, 17)).isNull();
    }

    @Test
    void specsAreEqualByNameAndShape() {
        assertThat(new OutputSpec("a", new long[]{-1, 2})).isEqualTo(new OutputSpec("a", new long[]{-1, 2}))
                .hasSameHashCodeAs(new OutputSpec("a", new long[]{-1, 2}))
                .isNotEqualTo(new OutputSpec("a", new long[]{-1, 3}));
        assertThat(new OutputSpec("a", new long[]{-1, 2})).hasToString("a[-1, 2]");
    }
}
