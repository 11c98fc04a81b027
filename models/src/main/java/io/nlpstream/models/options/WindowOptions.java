package io.nlpstream.models.options;

import java.util.Objects;

/**
 * Text classification over a whole text: windows of the model's length, each overlapping the previous one by
 * {@code stride} tokens, every window classified, and each label's scores combined by {@code aggregation}.
 */
public record WindowOptions(WindowAggregation aggregation, int stride) {
    public static final WindowOptions DEFAULTS = new WindowOptions(WindowAggregation.MAX, 64);

    public WindowOptions {
        Objects.requireNonNull(aggregation, "aggregation");
        if (stride < 0) {
            throw new IllegalArgumentException("chunk stride must be >= 0, got " + stride);
        }
    }
}
