package io.nlpstream.models.options;

/** The transformers token-classification pipeline's {@code aggregation_strategy}. */
public enum AggregationStrategy {
    NONE, SIMPLE, FIRST, AVERAGE, MAX
}
