package io.nlpstream.topology.decision;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The thresholds of one model: a score at or above its label's threshold raises a {@code Flag}. A label listed in
 * {@code labels} uses its own threshold; any other label uses {@code defaultThreshold}, or raises nothing when that
 * is {@code null}.
 *
 * @param labels per-label overrides: class labels, entity groups or (ranking) response ids
 */
public record Thresholds(Double defaultThreshold, Map<String, Double> labels) {
    /** Ranges are checked by {@link DecisionSettings#problems}, which knows each model's task. */
    public Thresholds {
        labels = Map.copyOf(labels);
        labels.forEach((label, threshold) -> Objects.requireNonNull(threshold, label));
    }

    /** Every label flagged at or above {@code threshold}. */
    public static Thresholds of(double threshold) {
        return new Thresholds(threshold, Map.of());
    }

    /** The threshold {@code label}'s scores must reach, if any. */
    public OptionalDouble of(String label) {
        Double own = labels.get(label);
        if (own != null) {
            return OptionalDouble.of(own);
        }
        return defaultThreshold == null ? OptionalDouble.empty() : OptionalDouble.of(defaultThreshold);
    }
}
