package io.nlpstream.models.cache;

import java.util.Objects;

/**
 * One model's result cache: whether it is on, its bounds (both hold: at most {@code maxEntries} results and at most
 * {@code maxBytes} of estimated heap for keys and results) and how texts become keys.
 */
public record CacheSettings(boolean enabled, int maxEntries, long maxBytes, TextNormalization normalization) {
    /** On, 10,000 results, 32 MiB, exact texts. */
    public static final CacheSettings DEFAULTS = new CacheSettings(true, 10_000, 32L * 1024 * 1024,
            TextNormalization.EXACT);
    public static final CacheSettings DISABLED = new CacheSettings(false, DEFAULTS.maxEntries, DEFAULTS.maxBytes,
            DEFAULTS.normalization);

    public CacheSettings {
        Objects.requireNonNull(normalization, "normalization");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("max-entries must be >= 1, got " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max-bytes must be >= 1, got " + maxBytes);
        }
    }
}
