package io.nlpstream.models.cache;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.TextEmbedder;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A text embedder whose vectors go through a result cache, keyed by the normalised text and the options the
 * embedder was made with. Each caller gets its own copy of the vector: arrays are mutable and the stored one is
 * shared.
 */
public final class CachedTextEmbedder implements TextEmbedder {
    private final TextEmbedder model;
    private final ResultCache cache;
    private final Object options;

    /** {@code options}: what the embedder was made with (pooling, normalisation, length), part of every key. */
    public CachedTextEmbedder(TextEmbedder model, ResultCache cache, Object options) {
        this.model = model;
        this.cache = cache;
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public CompletableFuture<float[]> embed(String text) {
        ModelInfo info = model.info();
        ResultKey key = new ResultKey(info.name(), info.version(), options,
                cache.settings().normalization().apply(text), null);
        return cache.<float[]>get(key, () -> model.embed(text)).thenApply(float[]::clone);
    }
}
