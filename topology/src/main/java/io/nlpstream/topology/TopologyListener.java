package io.nlpstream.topology;

import io.nlpstream.topology.deadletter.DeadLetterListener;
import java.time.Duration;

/**
 * Metrics-agnostic hooks the application implements (with Micrometer, say). Called on stream threads, so
 * implementations must be thread-safe and cheap. For every pipeline, {@code recordIn} = {@code recordOut} +
 * {@code deadLetter} once buffered events are flushed.
 */
public interface TopologyListener extends DeadLetterListener {
    TopologyListener NO_OP = new TopologyListener() {
    };

    /** A record was read from one of the pipeline's input topics. */
    default void recordIn(String pipeline) {
    }

    /**
     * An enriched record was forwarded to the pipeline's output topic.
     *
     * @param sinceTimestamp wall-clock time from the input record's timestamp to now: the end-to-end latency when
     *                       producers stamp records with their creation time (Kafka's default)
     */
    default void recordOut(String pipeline, Duration sinceTimestamp) {
    }

    /**
     * An enriched record was decided (once per event, however many topics it was routed to).
     *
     * @param rule {@code null} when no rule matched and the record was allowed by default
     */
    default void decided(String pipeline, String rule, String action) {
    }

    /** A micro-batch of {@code size} events was enriched; {@code oldestWait} is how long its first event waited. */
    default void batchFlushed(String pipeline, int size, Duration oldestWait) {
    }
}
