package io.nlpstream.tools.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Work completed by other threads (a closed loop's callbacks), counted as it completes, and a wait that lasts
 * exactly one {@link Slice}: until enough has completed and enough time has passed, or the slice's limit. Thread-safe.
 */
final class Completions {
    private final LongSupplier clock;
    private final long startNanos;
    private long completed;

    /** Counting starts now. */
    Completions(LongSupplier clock) {
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    synchronized void complete() {
        completed++;
        notifyAll();
    }

    synchronized long count() {
        return completed;
    }

    /** Blocks until {@code slice} is over, counted from construction; what it measured. */
    synchronized Rate await(Slice slice) throws InterruptedException {
        while (true) {
            long elapsed = clock.getAsLong() - startNanos;
            if (slice.isOver(completed, elapsed)) {
                return slice.rate(completed, elapsed);
            }
            // Woken early by each completion, which may be the one that ends the slice.
            long waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), slice.nanosUntilNextCheck(elapsed));
            TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
        }
    }
}
