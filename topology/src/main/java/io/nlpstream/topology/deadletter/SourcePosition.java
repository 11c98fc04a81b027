package io.nlpstream.topology.deadletter;

/** Where a record was read: topic, partition and offset; {@code null} / -1 when the record has no source. */
public record SourcePosition(String topic, int partition, long offset) {
    public static final SourcePosition UNKNOWN = new SourcePosition(null, -1, -1L);
}
