package io.nlpstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes that are not a Schema Registry framed record: magic byte not 0, truncated header or payload, bad Avro. */
public class WireFormatException extends SerializationException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
