package io.nlpstream.tools.bench;

/**
 * Measures two contenders in alternating slices (A B, B A, A B: each starts half of the rounds), so that load
 * from other processes on shared cores, which drifts over seconds, falls on both sides alike. The ratio of two
 * interleaved rates is far steadier than the ratio of two runs taken one after the other. Each slice lasts until
 * its contender completed the plan's minimum of work, so a slow side is measured on whole batches, not on none.
 */
final class Interleaved {
    static final int ROUNDS = 4;

    record Pair(Rate first, Rate second) {
    }

    private Interleaved() {
    }

    static Pair measure(BenchPlan plan, Contender first, Contender second) throws Exception {
        first.run(plan.warmUpSlice());
        second.run(plan.warmUpSlice());
        first.warmedUp();
        second.warmedUp();
        Slice slice = plan.throughputSlice(ROUNDS);
        Rate a = Rate.NONE;
        Rate b = Rate.NONE;
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                a = a.plus(first.run(slice));
                b = b.plus(second.run(slice));
            } else {
                b = b.plus(second.run(slice));
                a = a.plus(first.run(slice));
            }
        }
        return new Pair(a, b);
    }
}
