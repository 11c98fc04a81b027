package io.nlpstream.tools.bench;

import java.util.Locale;

/**
 * A throughput: {@code items} completed in the {@code seconds} they took. A measurement that did not complete the
 * work it needed is no measurement: it keeps that minimum in {@code needed}, {@link #isMeasured()} is false,
 * {@link #perSecond()} is NaN, and the reports print why ({@link #describe()}) instead of a number.
 *
 * @param needed 0 for a measurement; otherwise the items the slice needed and did not complete
 */
public record Rate(long items, double seconds, long needed) {

    /** Nothing yet: the start of a {@link #plus} sum, not a measurement. */
    public static final Rate NONE = new Rate(0, 0, 0);

    public Rate {
        if (items < 0 || !(seconds >= 0) || needed < 0) {
            throw new IllegalArgumentException("a rate needs a count and a duration: " + items + ", " + seconds);
        }
    }

    /** {@code items} completed in {@code nanos}: a measurement when both are positive. */
    public static Rate ofNanos(long items, long nanos) {
        return new Rate(items, nanos / 1e9, 0);
    }

    /** Only {@code items} of the {@code needed} completed in {@code nanos}: not a measurement. */
    public static Rate shortOf(long items, long nanos, long needed) {
        if (items >= needed) {
            throw new IllegalArgumentException(items + " items are not short of " + needed);
        }
        return new Rate(items, nanos / 1e9, needed);
    }

    /** Completed work over a positive time, and no part of it short of what it needed. */
    public boolean isMeasured() {
        return needed == 0 && items > 0 && seconds > 0;
    }

    /** Both together: their items over their time; short when either is. */
    public Rate plus(Rate other) {
        return new Rate(items + other.items, seconds + other.seconds, Math.max(needed, other.needed));
    }

    /** Items per second; NaN when this is not a measurement. */
    public double perSecond() {
        return isMeasured() ? items / seconds : Double.NaN;
    }

    /** {@code this / other}; NaN unless both are measurements. */
    public double ratioTo(Rate other) {
        return isMeasured() && other.isMeasured() ? perSecond() / other.perSecond() : Double.NaN;
    }

    /** The per-second figure as reports print it, or why there is none. */
    public String describe() {
        if (isMeasured()) {
            return String.format(Locale.ROOT, "%.0f", perSecond());
        }
        return needed > 0 ? "n/a: fewer than " + needed + " completed" : "n/a: nothing completed";
    }
}
