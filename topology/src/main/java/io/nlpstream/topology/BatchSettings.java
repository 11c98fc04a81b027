package io.nlpstream.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * Micro-batching of one pipeline.
 *
 * @param size        buffered events that are submitted together from {@code process}
 * @param maxWait     the wall-clock punctuation interval: a buffered event waits at most this long for company
 * @param timeout     how long a submitted batch may wait for the models, counted from its submission; events still
 *                    pending then are dead-lettered with {@code MODEL_ERROR}. Keep {@code maxWait + timeout} well
 *                    below {@code max.poll.interval.ms}.
 * @param maxInFlight batches of one task submitted to the models and not yet forwarded; the stream thread reads and
 *                    buffers the next events while they run, and waits only when this many are in flight
 */
public record BatchSettings(int size, Duration maxWait, Duration timeout, int maxInFlight) {
    public static final int DEFAULT_SIZE = 32;
    public static final int DEFAULT_MAX_WAIT_MS = 50;
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    public static final BatchSettings DEFAULTS = new BatchSettings(DEFAULT_SIZE, Duration.ofMillis(DEFAULT_MAX_WAIT_MS),
            Duration.ofSeconds(30));

    public BatchSettings(int size, Duration maxWait, Duration timeout) {
        this(size, maxWait, timeout, DEFAULT_MAX_IN_FLIGHT);
    }

    public BatchSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(timeout, "timeout");
        if (size < 1) {
            throw new InvalidTopologySettingsException("batch size must be >= 1, got " + size);
        }
        if (maxInFlight < 1) {
            throw new InvalidTopologySettingsException("batch max in flight must be >= 1, got " + maxInFlight);
        }
        if (maxWait.toMillis() < 1 || timeout.toMillis() < 1) {
            throw new InvalidTopologySettingsException("batch max wait and timeout must be >= 1 ms, got "
                    + maxWait + " and " + timeout);
        }
    }
}
