package io.nlpstream.topology;

import java.util.Objects;

/**
 * The longest text a pipeline accepts, in Unicode code points, and what to do with longer ones.
 * The limit protects the stream thread and the batcher from pathological inputs; models truncate to their own
 * token limits regardless.
 */
public record TextLimit(int maxCodePoints, OverLengthPolicy policy) {
    public static final TextLimit DEFAULTS = new TextLimit(10_000, OverLengthPolicy.TRUNCATE);

    public TextLimit {
        Objects.requireNonNull(policy, "policy");
        if (maxCodePoints < 1) {
            throw new InvalidTopologySettingsException("max text length must be >= 1, got " + maxCodePoints);
        }
    }
}
