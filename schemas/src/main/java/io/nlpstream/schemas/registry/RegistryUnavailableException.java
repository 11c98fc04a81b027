package io.nlpstream.schemas.registry;

/** The registry could not be reached, timed out, or kept answering 5xx after the configured retries. */
public class RegistryUnavailableException extends SchemaRegistryException {
    public RegistryUnavailableException(String message, int httpStatus, Throwable cause) {
        super(message, httpStatus, -1, cause);
    }
}
