package io.nlpstream.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An error answered by a Confluent-compatible Schema Registry. {@code errorCode} is the registry's
 * {@code error_code} (e.g. 40403) or -1 when there was no answer.
 */
public class SchemaRegistryException extends SerializationException {
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }
}
