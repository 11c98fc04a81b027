package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void aRateIsCompletedWorkOverTheTimeItTook() {
        Rate rate = Rate.ofNanos(300, 2_000_000_000L);
        assertThat(rate.isMeasured()).isTrue();
        assertThat(rate.perSecond()).isEqualTo(150);
        assertThat(rate.describe()).isEqualTo("150");
        assertThat(rate.plus(Rate.ofNanos(100, 2_000_000_000L)).perSecond()).isEqualTo(100);
        assertThat(Rate.NONE.plus(rate)).isEqualTo(rate);
    }

    @Test
    void nothingCompletedOrNoTimeIsNoMeasurementAndSaysSoInsteadOfZero() {
        for (Rate none : new Rate[] {Rate.NONE, Rate.ofNanos(0, 1_000_000_000L), Rate.ofNanos(5, 0)}) {
            assertThat(none.isMeasured()).as("%s", none).isFalse();
            assertThat(none.perSecond()).isNaN();
            assertThat(none.describe()).isEqualTo("n/a: nothing completed");
        }
    }

    @Test
    void aSliceShortOfItsMinimumIsNoMeasurementAndTaintsEverySumItIsIn() {
        Rate shortSlice = Rate.shortOf(3, 1_000_000_000L, 64);
        assertThat(shortSlice.isMeasured()).isFalse();
        assertThat(shortSlice.perSecond()).isNaN();
        assertThat(shortSlice.describe()).isEqualTo("n/a: fewer than 64 completed");
        Rate sum = Rate.ofNanos(640, 1_000_000_000L).plus(shortSlice);
        assertThat(sum.isMeasured()).isFalse();
        assertThat(sum.describe()).isEqualTo("n/a: fewer than 64 completed");
        assertThatThrownBy(() -> Rate.shortOf(64, 1, 64)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRatioNeedsTwoMeasurements() {
        Rate a = Rate.ofNanos(200, 1_000_000_000L);
        Rate b = Rate.ofNanos(100, 1_000_000_000L);
        assertThat(a.ratioTo(b)).isEqualTo(2.0);
        assertThat(a.ratioTo(Rate.NONE)).isNaN();
        assertThat(Rate.shortOf(1, 1, 2).ratioTo(b)).isNaN();
    }
}
