package io.nlpstream.models.batch;

import io.nlpstream.models.InferenceException;

/**
 * The model was closed (the service is stopping) before the request ran. Not a fault of the request or the model:
 * a stream hands such work back to be redone by the next owner instead of reporting it as a model error.
 */
public class BatcherClosedException extends InferenceException {
    public BatcherClosedException(String message) {
        super(message);
    }
}
