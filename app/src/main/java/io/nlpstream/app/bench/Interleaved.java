package io.nlpstream.app.bench;

import java.time.Duration;

/**
 * Measures two contenders in alternating slices (A B, B A, A B: each starts half of the rounds), so that load
 * from other processes on shared cores, which drifts over seconds, falls on both sides alike. The ratio of two
 * interleaved rates is far steadier than the ratio of two runs taken one after the other.
 */
final class Interleaved {
    static final int ROUNDS = 4;

    record Pair(Rate first, Rate second) {
    }

    private Interleaved() {
    }

    static Pair measure(BenchPlan plan, Contender first, Contender second) throws Exception {
        first.runFor(plan.warmUp());
        second.runFor(plan.warmUp());
        first.warmedUp();
        second.warmedUp();
        Duration slice = plan.throughputRun().dividedBy(ROUNDS);
        Rate a = Rate.NONE;
        Rate b = Rate.NONE;
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                a = a.plus(first.runFor(slice));
                b = b.plus(second.runFor(slice));
            } else {
                b = b.plus(second.runFor(slice));
                a = a.plus(first.runFor(slice));
            }
        }
        return new Pair(a, b);
    }
}
