package io.nlpstream.models.options;

import java.util.Objects;
import java.util.Set;

/** Post-processing of token classification; labels in {@code ignoreLabels} are dropped (default {@code O}). */
public record TokenClassificationOptions(AggregationStrategy aggregation, Set<String> ignoreLabels) {
    public static final TokenClassificationOptions DEFAULTS =
            new TokenClassificationOptions(AggregationStrategy.NONE, Set.of("O"));

    public TokenClassificationOptions {
        Objects.requireNonNull(aggregation, "aggregation");
        ignoreLabels = Set.copyOf(ignoreLabels);
    }

    public static TokenClassificationOptions of(AggregationStrategy aggregation) {
        return new TokenClassificationOptions(aggregation, Set.of("O"));
    }
}
