package io.nlpstream.models;

/**
 * A model call that failed: the session rejected a batch, a head could not decode its outputs, or the model was
 * closed while the request waited. Only the requests of the failing batch see it; the model keeps serving.
 */
public class InferenceException extends RuntimeException {
    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
