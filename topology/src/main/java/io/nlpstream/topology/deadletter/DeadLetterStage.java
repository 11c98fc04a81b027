package io.nlpstream.topology.deadletter;

/** Where a record failed; the {@code dlq.stage} header carries the enum name. */
public enum DeadLetterStage {
    /** Kafka Streams' own deserialization of the source record. */
    DESERIALIZE,
    /** Decoding the event from its bytes inside the topology. */
    DECODE,
    /** Validating the decoded event (value present, text present and within the limit). */
    VALIDATE,
    /** Running the models on the micro-batch. */
    ENRICH,
    /** Serializing the enriched event. */
    SERIALIZE,
    /** Sending the record to the broker. */
    PRODUCE,
    /** Any other processor code. */
    PROCESS
}
