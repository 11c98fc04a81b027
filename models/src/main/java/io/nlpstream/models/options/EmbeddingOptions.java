package io.nlpstream.models.options;

/** Feature extraction: pooling, L2 normalisation, and the token limit (longer texts are truncated). */
public record EmbeddingOptions(Pooling pooling, boolean normalize, int maxLength) {
    public static final EmbeddingOptions DEFAULTS = new EmbeddingOptions(Pooling.MEAN, true, 256);
}
