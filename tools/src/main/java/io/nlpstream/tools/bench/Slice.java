package io.nlpstream.tools.bench;

import java.time.Duration;

/**
 * How long one measured slice runs: until at least {@code minItems} have completed and at least {@code minTime}
 * has passed, whichever comes later; a slice that reaches {@code maxTime} first stops there, and unless it completed
 * {@code minItems} by then its rate is no measurement. Sizing slices by completed work, not only by time, is what
 * keeps a slow model from ending a slice before one batch is done (a rate of 0) or a few items from making one up.
 */
record Slice(Duration minTime, long minItems, Duration maxTime) {

    Slice {
        if (minTime.isNegative() || minItems < 1 || maxTime.compareTo(minTime) < 0) {
            throw new IllegalArgumentException("a slice needs minTime >= 0, minItems >= 1 and maxTime >= minTime: "
                    + minTime + ", " + minItems + ", " + maxTime);
        }
    }

    /** Enough work and enough time. */
    boolean isDone(long completed, long elapsedNanos) {
        return completed >= minItems && elapsedNanos >= minTime.toNanos();
    }

    /** Out of time, done or not. */
    boolean isOverdue(long elapsedNanos) {
        return elapsedNanos >= maxTime.toNanos();
    }

    /** Whether to stop: done or overdue. */
    boolean isOver(long completed, long elapsedNanos) {
        return isDone(completed, elapsedNanos) || isOverdue(elapsedNanos);
    }

    /** What a slice that stopped after {@code elapsedNanos} with {@code completed} items measured. */
    Rate rate(long completed, long elapsedNanos) {
        return completed >= minItems ? Rate.ofNanos(completed, elapsedNanos)
                : Rate.shortOf(completed, elapsedNanos, minItems);
    }

    /** How long to wait at most before looking again: until minTime, or until maxTime once minTime has passed. */
    long nanosUntilNextCheck(long elapsedNanos) {
        long target = elapsedNanos < minTime.toNanos() ? minTime.toNanos() : maxTime.toNanos();
        return Math.max(0, target - elapsedNanos);
    }
}
