package io.nlpstream.models.batch;

import io.nlpstream.models.Lane;
import java.time.Duration;

/**
 * The shared dynamic batcher's limits.
 *
 * @param maxBatchSize         most sequences in one ONNX call
 * @param maxBatchTokens       most padded tokens (sequences x longest) in one ONNX call
 * @param maxWait              how long the first request of a batch may wait for company
 * @param queueCapacity        queued sequences of the {@link Lane#REQUEST} lane beyond which its callers are pushed
 *                             back (the {@link Lane#STREAM} lane is bounded by the topology's batches in flight)
 * @param minPaddingEfficiency the lowest share of real tokens among the padded tokens of a batch, from 0 (any
 *                             padding) to 1 (only equal lengths share a batch): a sequence that would pull a batch
 *                             below it waits for the next batch instead, because on CPU a padded token costs as
 *                             much as a real one
 * @param workers              model calls that may run at once, each on its own worker thread; {@code 0} means one
 *                             per core. Several single-threaded calls in parallel keep small CPU models busier than
 *                             one call spread over every core (pair with {@code SessionSettings.intraOpThreads} 1)
 */
public record BatcherSettings(int maxBatchSize, int maxBatchTokens, Duration maxWait, int queueCapacity,
                              double minPaddingEfficiency, int workers) {

    /** Measured with {@code nlp-stream bench} on CPU (docs/performance.md). */
    public static final double DEFAULT_MIN_PADDING_EFFICIENCY = 0.8;
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_BATCH_TOKENS = 1024;
    public static final int DEFAULT_MAX_WAIT_MS = 5;
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    /** One worker per core. */
    public static final int WORKERS_PER_CORE = 0;

    public static final BatcherSettings DEFAULTS = new BatcherSettings(DEFAULT_MAX_BATCH_SIZE,
            DEFAULT_MAX_BATCH_TOKENS, Duration.ofMillis(DEFAULT_MAX_WAIT_MS), DEFAULT_QUEUE_CAPACITY, DEFAULT_MIN_PADDING_EFFICIENCY,
            WORKERS_PER_CORE);

    public BatcherSettings {
        if (maxBatchSize < 1 || maxBatchTokens < 1 || queueCapacity < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("batcher limits must be positive: " + maxBatchSize + ", "
                    + maxBatchTokens + ", " + maxWait + ", " + queueCapacity);
        }
        if (!(minPaddingEfficiency >= 0 && minPaddingEfficiency <= 1)) {
            throw new IllegalArgumentException("the minimum padding efficiency must be between 0 and 1: "
                    + minPaddingEfficiency);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be at least 0 (0: one per core): " + workers);
        }
    }

    /** One worker (one model call at a time) and the default padding floor. */
    public BatcherSettings(int maxBatchSize, int maxBatchTokens, Duration maxWait, int queueCapacity) {
        this(maxBatchSize, maxBatchTokens, maxWait, queueCapacity, DEFAULT_MIN_PADDING_EFFICIENCY);
    }

    /** One worker (one model call at a time). */
    public BatcherSettings(int maxBatchSize, int maxBatchTokens, Duration maxWait, int queueCapacity,
                           double minPaddingEfficiency) {
        this(maxBatchSize, maxBatchTokens, maxWait, queueCapacity, minPaddingEfficiency, 1);
    }

    public BatcherSettings withWorkers(int count) {
        return new BatcherSettings(maxBatchSize, maxBatchTokens, maxWait, queueCapacity, minPaddingEfficiency,
                count);
    }

    /** The worker threads to start: {@link #workers}, or the cores when it is {@link #WORKERS_PER_CORE}. */
    public int effectiveWorkers() {
        return workers == WORKERS_PER_CORE ? Math.max(1, Runtime.getRuntime().availableProcessors()) : workers;
    }
}
