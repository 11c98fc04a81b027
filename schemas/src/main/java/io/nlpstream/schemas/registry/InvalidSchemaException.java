package io.nlpstream.schemas.registry;

/** 42201: the registry cannot parse the schema. */
public class InvalidSchemaException extends SchemaRegistryException {
    public InvalidSchemaException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
