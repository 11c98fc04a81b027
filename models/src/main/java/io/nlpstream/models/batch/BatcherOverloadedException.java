package io.nlpstream.models.batch;

/**
 * The batcher's queue stayed full for the whole submit timeout: the model cannot keep up with its callers.
 * Transient by nature; callers may retry later or shed load.
 */
public class BatcherOverloadedException extends RuntimeException {
    public BatcherOverloadedException(String message) {
        super(message);
    }
}
