package io.nlpstream.topology.ranking;

import io.nlpstream.models.vector.Vectors;
import java.util.Objects;

/**
 * One response of the response base as cached and published: the embedder version that produced the vector, the
 * vector scaled to unit length, and the response text.
 */
public record CachedEmbedding(String modelVersion, float[] vector, String text) {
    public CachedEmbedding {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(text, "text");
    }

    /** A cached embedding of {@code raw} scaled to unit length (a zero vector stays zero and never matches). */
    public static CachedEmbedding normalized(String modelVersion, float[] raw, String text) {
        return new CachedEmbedding(modelVersion, Vectors.l2Normalize(raw), text);
    }
}
