package io.nlpstream.models.cache;

/**
 * A result cache's counters since it was made. A hit is a request answered without running the model: from a stored
 * result, or by joining the computation of an identical request already under way (duplicates in one batch).
 *
 * @param evictions results dropped to keep within the bounds
 * @param bytes     estimated heap of the stored keys and results now
 */
public record CacheStats(long hits, long misses, long evictions, long entries, long bytes) {
    /** {@code hits / (hits + misses)}, 0 before the first request. */
    public double hitRate() {
        long requests = hits + misses;
        return requests == 0 ? 0 : (double) hits / requests;
    }
}
