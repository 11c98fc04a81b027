package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class InterleavedTest {

    /**
     * Completes {@code perSecond} items per second in whole chunks of {@code chunk} items, on a clock of its own,
     * and logs its turns: what a slow model in big batches looks like to a slice.
     */
    private static final class Fake implements Contender {
        private final String name;
        private final double perSecond;
        private final int chunk;
        private final List<String> turns;

        Fake(String name, double perSecond, int chunk, List<String> turns) {
            this.name = name;
            this.perSecond = perSecond;
            this.chunk = chunk;
            this.turns = turns;
        }

        @Override
        public Rate run(Slice slice) {
            turns.add(name);
            long done = 0;
            long elapsed = 0;
            while (!slice.isOver(done, elapsed)) {
                done += chunk;
                elapsed += (long) (chunk / perSecond * 1e9);
            }
            return slice.rate(done, elapsed);
        }

        @Override
        public void warmedUp() {
            turns.add(name + " warm");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void takesTurnsStartingEachRoundWithTheOtherSideAndSumsTheMeasuredSlices() throws Exception {
        List<String> turns = new ArrayList<>();
        BenchPlan plan = BenchPlan.quick();
        Interleaved.Pair pair = Interleaved.measure(plan, new Fake("a", 100, 1, turns),
                new Fake("b", 50, 1, turns));

        assertThat(turns).containsExactly("a", "b", "a warm", "b warm", "a", "b", "b", "a", "a", "b", "b", "a");
        // warm-up slices are not counted: each side is measured for throughputRun in ROUNDS slices
        assertThat(pair.first().seconds()).isCloseTo(plan.throughputRun().toNanos() / 1e9,
                org.assertj.core.data.Offset.offset(0.05));
        assertThat(pair.first().perSecond()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(pair.second().perSecond()).isCloseTo(50, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(pair.first().ratioTo(pair.second())).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aSideSlowerThanOneChunkPerSliceIsStillMeasuredOnWholeChunksNeverAsZero() throws Exception {
        // 70 items/s in batches of 32 against slices of 4 ms (a test's scaled plan): the slice waits for the
        // plan's minimum of completed work instead of ending before the first batch.
        BenchPlan plan = BenchPlan.quick().scaled(0.002);
        Interleaved.Pair pair = Interleaved.measure(plan, new Fake("minilm", 70, 32, new ArrayList<>()),
                new Fake("peer", 50, 256, new ArrayList<>()));
        assertThat(pair.first().isMeasured()).isTrue();
        assertThat(pair.first().perSecond()).isCloseTo(70, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(pair.first().items()).isGreaterThanOrEqualTo(Interleaved.ROUNDS * plan.minSliceItems());
        assertThat(pair.second().perSecond()).isCloseTo(50, org.assertj.core.data.Offset.offset(1e-6));
    }
}
