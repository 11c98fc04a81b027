package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** {@link Timed} on a fake clock: each chunk "takes" a fixed time, so every figure is exact. */
class TimedTest {
    private final long[] now = {0};
    private final List<Integer> firstOfEachChunk = new ArrayList<>();
    private final List<Integer> items = IntStream.range(0, 100).boxed().toList();

    /** A peer that completes a chunk of 32 in one second: 32 items/s. */
    private Timed<Integer> peer() {
        return new Timed<>(items, 32, chunk -> {
            firstOfEachChunk.add(chunk.get(0));
            now[0] += 1_000_000_000L * chunk.size() / 32;
            return chunk.size();
        }, () -> now[0]);
    }

    @Test
    void aSlowPeerRunsWholeChunksUntilItCompletedTheMinimumEvenPastTheMinimumTime() {
        Rate rate = peer().run(new Slice(Duration.ofMillis(10), 64, Duration.ofMinutes(1)));
        assertThat(rate.items()).isEqualTo(64);
        assertThat(rate.seconds()).isEqualTo(2.0);
        assertThat(rate.perSecond()).isEqualTo(32);
    }

    @Test
    void aFastPeerRunsUntilTheMinimumTimeAndContinuesWhereTheLastSliceStopped() {
        Timed<Integer> peer = peer();
        Rate rate = peer.run(new Slice(Duration.ofSeconds(3), 1, Duration.ofMinutes(1)));
        assertThat(rate.items()).isEqualTo(96);
        assertThat(peer.run(new Slice(Duration.ZERO, 1, Duration.ofMinutes(1))).items()).isEqualTo(4);
        assertThat(firstOfEachChunk).containsExactly(0, 32, 64, 96);
    }

    @Test
    void aPeerThatCannotCompleteItsMinimumInTimeIsNoMeasurement() {
        Rate rate = peer().run(new Slice(Duration.ZERO, 1000, Duration.ofSeconds(3)));
        assertThat(rate.isMeasured()).isFalse();
        assertThat(rate.describe()).isEqualTo("n/a: fewer than 1000 completed");
    }
}
