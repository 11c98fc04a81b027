package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.deadletter.SourcePosition;
import org.apache.kafka.common.header.Headers;

/**
 * A valid event waiting in a micro-batch buffer, with everything needed to emit it (original key, timestamp,
 * headers) or to dead-letter it later (original value bytes and source position).
 *
 * @param arrivalMs wall-clock time it entered the buffer; the start of {@code processingLatencyMs}
 */
public record BufferedEvent(byte[] key, byte[] value, long timestamp, Headers headers, SourcePosition source,
                            long arrivalMs, TextEvent event) {
}
