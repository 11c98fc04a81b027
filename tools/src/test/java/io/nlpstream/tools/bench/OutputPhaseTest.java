package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What one phase of a Kafka path measured, from made-up arrival times. */
class OutputPhaseTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstCommittedAtOnceCountsFromItsFirstSendNotFromItsFirstArrival() {
        // 100 events sent at t=10 s, all visible in one committed transaction 1 s later, within a microsecond:
        // first-to-last arrival would say 100 million events/s; sent-to-last-arrival says 100/s.
        OutputWatch.Phase phase = new OutputWatch.Phase(100, 10 * SECOND);
        for (int i = 0; i < 100; i++) {
            phase.arrived(i, 11 * SECOND + i * 10L, 5);
        }
        Rate rate = phase.rate();
        assertThat(rate.items()).isEqualTo(100);
        assertThat(rate.perSecond()).isCloseTo(100, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void duplicatesAndStrangersAreNotCounted() {
        OutputWatch.Phase phase = new OutputWatch.Phase(3, 0);
        phase.arrived(0, SECOND, 1);
        phase.arrived(0, 2 * SECOND, 1);
        phase.arrived(7, 2 * SECOND, 1);
        phase.arrived(-1, 2 * SECOND, 1);
        assertThat(phase.count()).isEqualTo(1);
    }

    @Test
    void aPhaseThatDidNotCompleteIsNoMeasurement() {
        OutputWatch.Phase phase = new OutputWatch.Phase(10, 0);
        for (int i = 0; i < 7; i++) {
            phase.arrived(i, SECOND, 1);
        }
        assertThat(phase.rate().isMeasured()).isFalse();
        assertThat(phase.rate().describe()).isEqualTo("n/a: fewer than 10 completed");
        assertThat(new OutputWatch.Phase(5, 0).rate().isMeasured()).isFalse();
    }

    @Test
    void latencyLeavesOutTheFirstEventsSentButRateCountsThemAll() {
        OutputWatch.Phase phase = new OutputWatch.Phase(10, 0);
        for (int i = 0; i < 10; i++) {
            phase.arrived(i, SECOND, 100 - i);
        }
        assertThat(phase.agesAfter(0.2)).containsExactly(98, 97, 96, 95, 94, 93, 92, 91);
        assertThat(phase.rate().items()).isEqualTo(10);
    }
}
