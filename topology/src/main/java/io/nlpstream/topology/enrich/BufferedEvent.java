package io.nlpstream.topology.enrich;

import io.nlpstream.topology.deadletter.SourcePosition;
import org.apache.kafka.common.header.Headers;

/**
 * An accepted input record as a micro-batch buffer keeps it: one copy of the event (its original bytes), with
 * everything needed to emit it (key, timestamp, headers) or to dead-letter it (the bytes and its source position).
 * The decoded event is not part of it: it lives beside it in memory ({@link ValidEvent}) and is decoded again from
 * these bytes when a buffer is restored.
 *
 * @param arrivalMs wall-clock time it entered the buffer; the start of {@code processingLatencyMs}
 */
public record BufferedEvent(byte[] key, byte[] value, long timestamp, Headers headers, SourcePosition source,
                            long arrivalMs) {
}
