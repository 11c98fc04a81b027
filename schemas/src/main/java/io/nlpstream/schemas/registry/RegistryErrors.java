package io.nlpstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Maps a Confluent error answer ({@code {"error_code":..,"message":..}}) to the typed exception. */
final class RegistryErrors {
    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int INCOMPATIBLE = 409;
    static final int INVALID_SCHEMA = 42201;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryErrors() {
    }

    static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    static SchemaRegistryException fromResponse(int status, String body, String what) {
        int errorCode = status;
        String message = body == null ? "" : body;
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                errorCode = node.path("error_code").asInt(status);
                message = node.path("message").asText(message);
            }
        } catch (Exception notJson) {
            // A proxy's HTML error page: keep the status and a bounded excerpt of the body.
            message = message.length() > 200 ? message.substring(0, 200) + "..." : message;
        }
        String text = what + ": HTTP " + status + ", error_code " + errorCode + ": " + message;
        if (errorCode == SUBJECT_NOT_FOUND || errorCode == VERSION_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND
                || (status == 404 && errorCode == 404)) {
            return new SchemaNotFoundException(text, status, errorCode);
        }
        if (status == 409 || errorCode == INCOMPATIBLE) {
            return new IncompatibleSchemaException(text, status, errorCode);
        }
        if (status == 401 || status == 403) {
            return new RegistryAuthenticationException(text + (status == 401
                    ? " (the registry rejected the credentials)" : " (the credentials lack permission)"),
                    status, errorCode);
        }
        if (errorCode == INVALID_SCHEMA) {
            return new InvalidSchemaException(text, status, errorCode);
        }
        return new SchemaRegistryException(text, status, errorCode);
    }
}
