package io.nlpstream.models;

/** A model directory or built-in model that cannot be used; the message is one sentence a user can act on. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
