package io.nlpstream.schemas.registry;

/** 40401 (subject not found), 40402 (version not found) or 40403 (schema id not found). */
public class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
