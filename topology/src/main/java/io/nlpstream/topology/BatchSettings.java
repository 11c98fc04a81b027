package io.nlpstream.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * Micro-batching of one pipeline.
 *
 * @param size        buffered events that are submitted together from {@code process}
 * @param maxWait     the wall-clock punctuation interval: a buffered event waits at most this long for company
 * @param timeout      how long a model may run an event's request, counted from when the model started running it
 *                     (not from submission: waiting in a busy model's queue is back-pressure); a request still
 *                     running then is a hung model call and its event is dead-lettered with {@code MODEL_ERROR}
 * @param maxInFlight  batches of one task submitted to the models and not yet forwarded; the stream thread reads
 *                     and buffers the next events while they run, and waits only when this many are in flight
 * @param queueTimeout how long a submitted request may wait in a model's queue before it starts running; past it the
 *                     models are so far behind that the stream thread hands the batch back (its task fails and is
 *                     redone from the last commit, nothing dead-lettered) rather than wait past
 *                     {@code max.poll.interval.ms}. {@code maxWait + queueTimeout + timeout} is the longest a stream
 *                     thread waits for one batch; the poll interval, transaction timeout and close timeout are
 *                     derived from it
 */
public record BatchSettings(int size, Duration maxWait, Duration timeout, int maxInFlight, Duration queueTimeout) {
    public static final int DEFAULT_SIZE = 32;
    public static final int DEFAULT_MAX_WAIT_MS = 50;
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(30);
    public static final BatchSettings DEFAULTS = new BatchSettings(DEFAULT_SIZE, Duration.ofMillis(DEFAULT_MAX_WAIT_MS),
            Duration.ofSeconds(30));

    public BatchSettings(int size, Duration maxWait, Duration timeout) {
        this(size, maxWait, timeout, DEFAULT_MAX_IN_FLIGHT);
    }

    public BatchSettings(int size, Duration maxWait, Duration timeout, int maxInFlight) {
        this(size, maxWait, timeout, maxInFlight, DEFAULT_QUEUE_TIMEOUT);
    }

    public BatchSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        if (size < 1) {
            throw new InvalidTopologySettingsException("batch size must be >= 1, got " + size);
        }
        if (maxInFlight < 1) {
            throw new InvalidTopologySettingsException("batch max in flight must be >= 1, got " + maxInFlight);
        }
        if (maxWait.toMillis() < 1 || timeout.toMillis() < 1 || queueTimeout.toMillis() < 1) {
            throw new InvalidTopologySettingsException("batch max wait, timeout and queue timeout must be >= 1 ms, got "
                    + maxWait + ", " + timeout + " and " + queueTimeout);
        }
    }

    /** The longest a stream thread waits for one of these batches: {@code maxWait + queueTimeout + timeout}. */
    public Duration longestWait() {
        return maxWait.plus(queueTimeout).plus(timeout);
    }
}
