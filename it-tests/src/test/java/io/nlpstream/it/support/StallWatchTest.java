package io.nlpstream.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StallWatchTest {
    static final long S = 1_000_000_000L;

    @Test
    void progressOrNoLagIsNoStall() {
        StallWatch watch = new StallWatch();
        watch.sample(0, 10, 0);
        watch.sample(S, 20, 5);
        watch.sample(2 * S, 20, 20);
        watch.sample(9 * S, 20, 20);
        assertThat(watch.longestSeconds()).isZero();
    }

    @Test
    void theLongestRunOfLagWithoutProgressCounts() {
        StallWatch watch = new StallWatch();
        watch.sample(0, 10, 5);
        watch.sample(3 * S, 12, 5);
        watch.sample(4 * S, 14, 6);
        watch.sample(5 * S, 14, 6);
        watch.sample(6 * S, 15, 6);
        watch.sample(7 * S, 15, 15);
        assertThat(watch.longestSeconds()).isEqualTo(3.0);
    }

    @Test
    void aStallStillGoingCountsUpToTheLastSample() {
        StallWatch watch = new StallWatch();
        watch.sample(0, 10, 5);
        watch.sample(S / 2, 10, 5);
        watch.sample(12 * S + S / 2, 10, 5);
        assertThat(watch.longestSeconds()).isEqualTo(12.5);
    }
}
