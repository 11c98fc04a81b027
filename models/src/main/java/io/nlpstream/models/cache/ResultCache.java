package io.nlpstream.models.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One model's results by {@link ResultKey}: finished results in a bounded Caffeine cache, and the computations under
 * way in a map, so identical requests that arrive together (a burst in one micro-batch, the stream and the HTTP API
 * at once) run the model once and share its answer. A failed computation is not stored; its joiners fail with it
 * and the next request runs the model again.
 *
 * <p>Both bounds hold with one Caffeine weight: an entry weighs its estimated bytes but at least
 * {@code maxBytes / maxEntries}, and the total weight is capped at {@code maxBytes}; so no more than
 * {@code maxEntries} entries and no more than {@code maxBytes} estimated bytes are kept.
 *
 * <p>Every caller gets its own future: a caller that gives up (cancels on its timeout) does not cancel the shared
 * computation, whose result is still stored for the next request. Thread-safe.
 */
public final class ResultCache {
    private final CacheSettings settings;
    private final long minimumWeight;
    private final Cache<ResultKey, Object> done;
    private final Map<ResultKey, CompletableFuture<Object>> running = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final AtomicLong bytes = new AtomicLong();

    public ResultCache(CacheSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.minimumWeight = Math.max(1, (settings.maxBytes() + settings.maxEntries() - 1) / settings.maxEntries());
        this.done = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((ResultKey key, Object value) -> weight(key, value))
                // run removals on the writing thread so the byte count is current when a put returns
                .executor(Runnable::run)
                .removalListener((ResultKey key, Object value, RemovalCause cause) -> removed(key, value, cause))
                .build();
    }

    public CacheSettings settings() {
        return settings;
    }

    /**
     * The stored result for {@code key}, the shared one of an identical computation under way, or the one
     * {@code compute} starts (called at most once per key at a time, on the caller's thread; it should only submit
     * the work). An exception {@code compute} throws reaches this caller and fails the joiners.
     */
    @SuppressWarnings("unchecked")
    public <V> CompletableFuture<V> get(ResultKey key, Supplier<CompletableFuture<V>> compute) {
        Object stored = done.getIfPresent(key);
        if (stored != null) {
            hits.increment();
            return CompletableFuture.completedFuture((V) stored);
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> shared = running.putIfAbsent(key, mine);
        if (shared != null) {
            hits.increment();
            return (CompletableFuture<V>) shared.copy();
        }
        // a computation may have finished between the look-up and the claim
        stored = done.getIfPresent(key);
        if (stored != null) {
            running.remove(key, mine);
            mine.complete(stored);
            hits.increment();
            return CompletableFuture.completedFuture((V) stored);
        }
        misses.increment();
        CompletableFuture<V> computation;
        try {
            computation = Objects.requireNonNull(compute.get(), "compute returned null");
        } catch (RuntimeException e) {
            running.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        computation.whenComplete((value, error) -> {
            if (error == null && value != null) {
                store(key, value);
            }
            // stored before it stops running: a request in between finds one or the other
            running.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(value);
            }
        });
        return (CompletableFuture<V>) mine.copy();
    }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), done.estimatedSize(), bytes.get());
    }

    /** Runs pending evictions now (Caffeine otherwise does it on later reads and writes). */
    public void cleanUp() {
        done.cleanUp();
    }

    private void store(ResultKey key, Object value) {
        bytes.addAndGet(bytes(key, value));
        done.put(key, value);
    }

    private void removed(ResultKey key, Object value, RemovalCause cause) {
        if (key == null || value == null) {
            return; // only collected references lose them, and this cache holds strong ones
        }
        bytes.addAndGet(-bytes(key, value));
        if (cause.wasEvicted()) {
            evictions.increment();
        }
    }

    private int weight(ResultKey key, Object value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(minimumWeight, bytes(key, value)));
    }

    private static long bytes(ResultKey key, Object value) {
        return key.estimatedBytes() + ResultSizes.of(value);
    }
}
