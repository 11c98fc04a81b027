package io.nlpstream.schemas.registry;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A bounded cache of registry answers on Caffeine. Concurrent callers asking for one key share one load, which runs
 * on the first caller's thread with no lock held (a registry call may retry for minutes, and other keys must not
 * wait for it); the others wait for its answer or its exception. A failed load is not cached.
 */
final class RegistryCache<K, V> {
    private final AsyncCache<K, V> cache;

    /**
     * @param capacity      most entries kept (Caffeine evicts by recency and frequency)
     * @param timeToLive    how long an answer stays; negative keeps it until evicted
     */
    RegistryCache(int capacity, Duration timeToLive) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1, was " + capacity);
        }
        // Evictions run on the caller's thread: they are cheap, and the bound then holds after every call instead of
        // whenever the common pool (one thread on two cores) gets to it.
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run);
        if (!timeToLive.isNegative()) {
            builder.expireAfterWrite(timeToLive);
        }
        this.cache = builder.buildAsync();
    }

    /** The cached answer for {@code key}, or the one {@code load} gives (shared with concurrent callers). */
    V get(K key, Function<K, V> load) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = cache.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            return join(existing);
        }
        try {
            V value = load.apply(key);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            // Caffeine drops a future that fails; the waiters get the same exception.
            mine.completeExceptionally(e);
            throw e;
        }
    }

    void put(K key, V value) {
        cache.put(key, CompletableFuture.completedFuture(value));
    }

    /** Entries held once pending evictions ran, for tests. */
    long size() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    private static <V> V join(CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
