package io.nlpstream.app.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When stream threads were replaced after failing (the {@code REPLACE_THREAD} policy), so liveness can tell a thread
 * that failed once and recovered from one that keeps failing: a replaced thread looks RUNNING to Kafka Streams.
 * Keeps only the replacements within the longest window asked about.
 */
public final class ThreadReplacements {
    private final Duration window;
    private final Deque<Instant> times = new ArrayDeque<>();
    private long total;

    /** @param window how far back {@link #recent} counts */
    public ThreadReplacements(Duration window) {
        this.window = window;
    }

    public synchronized void record(Instant at) {
        times.addLast(at);
        total++;
        forgetBefore(at.minus(window));
    }

    /** Replacements within the window before {@code now}. */
    public synchronized int recent(Instant now) {
        forgetBefore(now.minus(window));
        return times.size();
    }

    /** Replacements since start. */
    public synchronized long total() {
        return total;
    }

    public Duration window() {
        return window;
    }

    private void forgetBefore(Instant oldest) {
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }
}
