package io.nlpstream.schemas.registry;

/**
 * The registry refused the client's credentials (HTTP 401) or their permissions (HTTP 403). Not a fault of any
 * record: every call fails the same way until the credentials or the registry's access rules are fixed.
 */
public class RegistryAuthenticationException extends SchemaRegistryException {
    public RegistryAuthenticationException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
