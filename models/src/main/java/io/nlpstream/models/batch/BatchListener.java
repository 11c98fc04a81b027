package io.nlpstream.models.batch;

/**
 * Observes every batch the {@link DynamicBatcher} runs, so an application can publish metrics without the models
 * module knowing a metrics library. Called on the batcher's worker thread after the batch ran (successfully or
 * not): implementations must be cheap and must not block.
 */
@FunctionalInterface
public interface BatchListener {

    BatchListener NONE = stats -> { };

    void onBatch(BatchStats stats);

    /**
     * @param batchSize      sequences in the batch
     * @param paddedTokens   batch size x the longest sequence: what the model computed
     * @param realTokens     the sequences' own tokens; {@code realTokens / paddedTokens} is the padding efficiency
     * @param queueWaitNanos how long the oldest sequence of the batch waited in the queue
     * @param inferenceNanos how long the model call took
     * @param failed         whether the model call failed
     * @param queuedAfter    sequences left in the queue when the batch was taken, for a queue-depth gauge
     */
    record BatchStats(int batchSize, long paddedTokens, long realTokens, long queueWaitNanos, long inferenceNanos,
                      boolean failed, int queuedAfter) {
    }
}
