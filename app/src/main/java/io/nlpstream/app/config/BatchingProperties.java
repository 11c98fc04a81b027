package io.nlpstream.app.config;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code batching.*}: each model's shared dynamic batcher, where the micro-batches of all stream threads merge. */
@ConfigurationProperties("batching")
public class BatchingProperties {
    private int maxBatchSize = 32;
    private int maxBatchTokens = 1024;
    private Duration maxWait = Duration.ofMillis(5);
    private int queueCapacity = 4096;
    private Duration submitTimeout = Duration.ofSeconds(10);
    private double minPaddingEfficiency = 0.8;
    private int workers;

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

    /** How long a caller blocks on a full queue before its request fails (back-pressure, not unbounded growth). */
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
