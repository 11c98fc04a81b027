package io.nlpstream.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * Micro-batching of one pipeline.
 *
 * @param size    buffered events that trigger a flush from {@code process}
 * @param maxWait the wall-clock punctuation interval: a buffered event waits at most this long for company
 * @param timeout how long one flush may wait for the models; events still pending then are dead-lettered with
 *                {@code MODEL_ERROR}. Keep {@code maxWait + timeout} well below {@code max.poll.interval.ms}.
 */
public record BatchSettings(int size, Duration maxWait, Duration timeout) {
    public static final BatchSettings DEFAULTS = new BatchSettings(32, Duration.ofMillis(50), Duration.ofSeconds(30));

    public BatchSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(timeout, "timeout");
        if (size < 1) {
            throw new InvalidTopologySettingsException("batch size must be >= 1, got " + size);
        }
        if (maxWait.toMillis() < 1 || timeout.toMillis() < 1) {
            throw new InvalidTopologySettingsException("batch max wait and timeout must be >= 1 ms, got "
                    + maxWait + " and " + timeout);
        }
    }
}
