package io.nlpstream.app.config;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code api.admission.*}: what the HTTP inference API ({@code POST /v1/{task}}) admits, so that it cannot crowd the
 * stream out of the shared models. Global for the instance (not per client or API key).
 */
@ConfigurationProperties("api.admission")
public class ApiAdmissionProperties {
    private int maxItemsPerRequest = 256;
    private int maxConcurrentRequests = 4;
    private Duration retryAfter = Duration.ofSeconds(1);

    /** Inputs one request may carry; a larger array is answered 413. */
    public int getMaxItemsPerRequest() {
        return maxItemsPerRequest;
    }

    public void setMaxItemsPerRequest(int maxItemsPerRequest) {
        this.maxItemsPerRequest = maxItemsPerRequest;
    }

    /** Requests being answered at once; one more is answered 429 with {@code Retry-After}. */
    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    /** The {@code Retry-After} a refused client is told (429, and 503 when a model's request queue is full). */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }
}
