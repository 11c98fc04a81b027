package io.nlpstream.app.security;

import java.time.Duration;

/**
 * A token bucket: {@code perSecond} requests a second on average, bursts of up to {@code max(1, perSecond)}.
 * Pure: the caller passes the time, so tests need no clock and no sleep.
 */
final class RequestRate {
    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    RequestRate(double perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond);
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one request's token: {@link Duration#ZERO} when admitted, else how long until one is available. */
    synchronized Duration take(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
    }
}
