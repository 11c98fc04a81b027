package io.nlpstream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class InterleavedTest {

    /** Completes {@code perSecond} items per second of the slice it is given, instantly, and logs its turns. */
    private record Fake(String name, double perSecond, List<String> turns) implements Contender {
        @Override
        public Rate runFor(Duration duration) {
            turns.add(name);
            double seconds = duration.toNanos() / 1e9;
            return new Rate(Math.round(perSecond * seconds), seconds);
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
        Interleaved.Pair pair = Interleaved.measure(plan, new Fake("a", 100, turns), new Fake("b", 50, turns));

        assertThat(turns).containsExactly("a", "b", "a warm", "b warm", "a", "b", "b", "a", "a", "b", "b", "a");
        // warm-up slices are not counted: each side is measured for exactly throughputRun in ROUNDS slices
        assertThat(pair.first().seconds()).isEqualTo(plan.throughputRun().toNanos() / 1e9);
        assertThat(pair.first().perSecond()).isEqualTo(100);
        assertThat(pair.second().perSecond()).isEqualTo(50);
        assertThat(pair.first().ratioTo(pair.second())).isEqualTo(2.0);
    }
}
