package io.nlpstream.models.batch;

import java.time.Duration;

/**
 * The shared dynamic batcher's limits.
 *
 * @param maxBatchSize   most sequences in one ONNX call
 * @param maxBatchTokens most padded tokens (sequences x longest) in one ONNX call
 * @param maxWait        how long the first request of a batch may wait for company
 * @param queueCapacity  pending requests beyond which callers are pushed back
 */
public record BatcherSettings(int maxBatchSize, int maxBatchTokens, Duration maxWait, int queueCapacity) {
    public static final BatcherSettings DEFAULTS = new BatcherSettings(32, 8192, Duration.ofMillis(5), 4096);

    public BatcherSettings {
        if (maxBatchSize < 1 || maxBatchTokens < 1 || queueCapacity < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("batcher limits must be positive: " + maxBatchSize + ", "
                    + maxBatchTokens + ", " + maxWait + ", " + queueCapacity);
        }
    }
}
