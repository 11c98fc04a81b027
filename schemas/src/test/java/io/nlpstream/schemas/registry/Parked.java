package io.nlpstream.schemas.registry;

import java.util.List;

/** Waits, event-style, until test threads block: proof that they arrived while something was in progress. */
final class Parked {
    private Parked() {
    }

    /** Returns once {@code count} threads of {@code threads} are waiting; fails after a generous deadline. */
    static void await(List<Thread> threads, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (parked(threads) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + parked(threads) + " of " + count + " threads are waiting");
            }
            Thread.sleep(2);
        }
    }

    private static long parked(List<Thread> threads) {
        return threads.stream().filter(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING).count();
    }
}
