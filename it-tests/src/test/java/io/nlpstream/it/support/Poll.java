package io.nlpstream.it.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting for a condition, with a message that says what did not happen (no sleeps as assertions). */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Poll() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} and the current {@code state} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + " (" + state.get() + ")");
            }
            pause(INTERVAL);
        }
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition, () -> "no details");
    }

    /** Lets time pass on purpose (load running, an outage lasting); never used to wait for a result. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
