package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SliceTest {
    private static final long SECOND = 1_000_000_000L;
    private final Slice slice = new Slice(Duration.ofSeconds(2), 64, Duration.ofSeconds(60));

    @Test
    void aSliceEndsOnceEnoughWorkCompletedAndEnoughTimePassedWhicheverIsLater() {
        assertThat(slice.isOver(1000, SECOND)).as("plenty of work, too little time").isFalse();
        assertThat(slice.isOver(63, 10 * SECOND)).as("plenty of time, one item short").isFalse();
        assertThat(slice.isOver(64, 2 * SECOND)).isTrue();
        assertThat(slice.rate(64, 2 * SECOND).perSecond()).isEqualTo(32);
    }

    @Test
    void aSliceOutOfTimeStopsAndIsNoMeasurementUnlessItCompletedItsMinimum() {
        assertThat(slice.isOver(3, 60 * SECOND)).isTrue();
        assertThat(slice.rate(3, 60 * SECOND).isMeasured()).isFalse();
        assertThat(slice.rate(3, 60 * SECOND).describe()).isEqualTo("n/a: fewer than 64 completed");
    }

    @Test
    void theNextLookIsAtTheMinimumTimeThenAtTheLimit() {
        assertThat(slice.nanosUntilNextCheck(SECOND)).isEqualTo(SECOND);
        assertThat(slice.nanosUntilNextCheck(3 * SECOND)).isEqualTo(57 * SECOND);
        assertThat(slice.nanosUntilNextCheck(61 * SECOND)).isZero();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Slice(Duration.ofSeconds(1), 0, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Slice(Duration.ofSeconds(3), 1, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
