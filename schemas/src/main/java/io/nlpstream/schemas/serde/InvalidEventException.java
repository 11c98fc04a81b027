package io.nlpstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record that decodes but is not a valid event: not JSON, invalid UTF-8, a missing field, a field of the wrong type. */
public class InvalidEventException extends SerializationException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
