package io.nlpstream.models.options;

import java.util.Objects;
import java.util.Set;

/**
 * Post-processing of token classification; labels in {@code ignoreLabels} are dropped (default {@code O}).
 *
 * @param stride {@code null}: the text is cut at the model's length (the pipeline's default); {@code N}: the whole
 *               text is read in windows of the model's length overlapping by {@code N} tokens and the entities of
 *               overlapping windows merged, as the transformers pipeline's {@code stride} does (which, like it,
 *               needs an aggregation other than {@code none})
 */
public record TokenClassificationOptions(AggregationStrategy aggregation, Set<String> ignoreLabels, Integer stride) {
    public static final TokenClassificationOptions DEFAULTS =
            new TokenClassificationOptions(AggregationStrategy.NONE, Set.of("O"));

    public TokenClassificationOptions {
        Objects.requireNonNull(aggregation, "aggregation");
        ignoreLabels = Set.copyOf(ignoreLabels);
        if (stride != null) {
            if (stride < 0) {
                throw new IllegalArgumentException("stride must be >= 0, got " + stride);
            }
            if (aggregation == AggregationStrategy.NONE) {
                throw new IllegalArgumentException("stride reads the whole text in windows, which needs an "
                        + "aggregation strategy other than none (as in transformers)");
            }
        }
    }

    public TokenClassificationOptions(AggregationStrategy aggregation, Set<String> ignoreLabels) {
        this(aggregation, ignoreLabels, null);
    }

    public static TokenClassificationOptions of(AggregationStrategy aggregation) {
        return new TokenClassificationOptions(aggregation, Set.of("O"));
    }

    /** These options reading the whole text in windows overlapping by {@code stride} tokens. */
    public TokenClassificationOptions withStride(Integer stride) {
        return new TokenClassificationOptions(aggregation, ignoreLabels, stride);
    }
}
