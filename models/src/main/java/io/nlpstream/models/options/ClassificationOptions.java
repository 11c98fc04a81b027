package io.nlpstream.models.options;

/**
 * Post-processing of text classification.
 *
 * @param topK     {@code null}: only the best label, returned as a single object (the pipeline's default);
 *                 {@code 0}: every label, best first; {@code N}: the N best labels
 * @param function {@code null}: what the model's config implies (sigmoid for multi-label or a single label,
 *                 softmax otherwise)
 */
public record ClassificationOptions(Integer topK, ClassificationFunction function) {
    public static final ClassificationOptions DEFAULTS = new ClassificationOptions(null, null);

    public ClassificationOptions {
        if (topK != null && topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0, got " + topK);
        }
    }

    /** Whether the result is one object rather than a list. */
    public boolean singleBest() {
        return topK == null;
    }
}
