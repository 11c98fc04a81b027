package io.nlpstream.topology.deadletter;

/** Why a record was dead-lettered; the {@code dlq.reason} header carries the enum name. */
public enum DeadLetterReason {
    /** The record had no value (a tombstone on an input topic). */
    NULL_VALUE,
    /** The event's text was missing, empty or only whitespace. */
    EMPTY_TEXT,
    /** The text was longer than the pipeline's limit and its policy is {@code REJECT}. */
    TEXT_TOO_LONG,
    /**
     * The record is larger than the pipeline's {@code maxEventBytes}, its metadata larger than
     * {@code maxMetadataBytes}, or its enriched event would serialize larger than {@code maxEventBytes}; checked
     * before anything of the event is written.
     */
    EVENT_TOO_LARGE,
    /** The bytes are not in the expected wire format (bad magic byte, truncated, not Avro). */
    UNDECODABLE,
    /** The bytes decode but are not a valid event (not JSON, missing or mistyped fields). */
    INVALID_EVENT,
    /** The record names a schema id the registry does not know. */
    UNKNOWN_SCHEMA,
    /**
     * The schema registry could not be reached. No longer written: a registry outage now pauses processing instead
     * (see {@link DeadLetterClassifier#registryFault}); dead letters of earlier versions carry it and can be replayed.
     */
    REGISTRY_UNAVAILABLE,
    /** A model failed on the event or did not answer within the batch timeout. */
    MODEL_ERROR,
    /** The enriched event could not be serialized or produced. */
    PRODUCTION_ERROR,
    /** An unexpected failure inside a processor, caught by the processing exception handler. */
    PROCESSING_ERROR
}
