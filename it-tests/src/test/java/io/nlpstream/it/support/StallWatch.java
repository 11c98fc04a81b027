package io.nlpstream.it.support;

/**
 * The longest stall of a scenario: a time during which events were produced and not yet accounted for (lag) while
 * the number accounted for (enriched plus dead-lettered) did not move. Fed with samples; pure, so it is tested
 * without threads.
 */
public final class StallWatch {
    private long lastAccounted = -1;
    private long stallStartNanos = -1;
    private long longestNanos;

    /**
     * @param produced  events acknowledged by the cluster so far
     * @param accounted records committed to the output and dead-letter topics so far
     */
    public synchronized void sample(long nowNanos, long produced, long accounted) {
        boolean lag = produced > accounted;
        boolean progress = accounted != lastAccounted;
        lastAccounted = accounted;
        if (!lag || progress) {
            stallStartNanos = lag ? nowNanos : -1;
            return;
        }
        if (stallStartNanos < 0) {
            stallStartNanos = nowNanos;
        }
        longestNanos = Math.max(longestNanos, nowNanos - stallStartNanos);
    }

    /** The longest stall so far, in seconds rounded to a tenth. */
    public synchronized double longestSeconds() {
        return Math.round(longestNanos / 1e8) / 10.0;
    }
}
