package io.nlpstream.app.config;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.batch.DynamicBatcher;

/**
 * {@code batching.*}: each model's shared dynamic batcher, where the micro-batches of all stream threads merge. The
 * defaults are the models module's ({@link BatcherSettings#DEFAULTS}, {@link DynamicBatcher#DEFAULT_SUBMIT_TIMEOUT}).
 */
@ConfigurationProperties("batching")
public class BatchingProperties {
    private int maxBatchSize = BatcherSettings.DEFAULTS.maxBatchSize();
    private int maxBatchTokens = BatcherSettings.DEFAULTS.maxBatchTokens();
    private Duration maxWait = BatcherSettings.DEFAULTS.maxWait();
    private int queueCapacity = BatcherSettings.DEFAULTS.queueCapacity();
    private Duration submitTimeout = DynamicBatcher.DEFAULT_SUBMIT_TIMEOUT;
    private double minPaddingEfficiency = BatcherSettings.DEFAULTS.minPaddingEfficiency();
    private int workers = BatcherSettings.DEFAULTS.workers();

    /** Most sequences per model call. */
    public int getMaxBatchSize() {
        return maxBatchSize;
    }

    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    /**
     * Most padded tokens (sequences × longest) per call; on CPU a call's cost grows with its padded tokens, so larger
     * budgets add latency, not throughput.
     */
    public int getMaxBatchTokens() {
        return maxBatchTokens;
    }

    public void setMaxBatchTokens(int maxBatchTokens) {
        this.maxBatchTokens = maxBatchTokens;
    }

    /** How long a partial batch waits for more requests. */
    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** Bounded queue: a full queue pushes back on callers instead of growing. */
    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /**
     * How long a request-lane caller (HTTP, {@code infer}) blocks on a full lane before its request fails
     * (back-pressure, not unbounded growth); the stream lane never waits here.
     */
    public Duration getSubmitTimeout() {
        return submitTimeout;
    }

    public void setSubmitTimeout(Duration submitTimeout) {
        this.submitTimeout = submitTimeout;
    }

    /** The lowest share of real tokens among a model call's padded tokens; 0 disables the floor. */
    public double getMinPaddingEfficiency() {
        return minPaddingEfficiency;
    }

    public void setMinPaddingEfficiency(double minPaddingEfficiency) {
        this.minPaddingEfficiency = minPaddingEfficiency;
    }

    /** Model calls that may run at once per model; 0 means one per core. */
    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }
}
