package io.nlpstream.models.cache;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Entity;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A token classifier whose answers go through a result cache. Entities carry offsets into their text and the words
 * they cover, so the key is always the exact text, whatever the cache's normalisation.
 */
public final class CachedTokenClassifier implements TokenClassifier {
    private final TokenClassifier model;
    private final ResultCache cache;

    public CachedTokenClassifier(TokenClassifier model, ResultCache cache) {
        this.model = model;
        this.cache = cache;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public CompletableFuture<List<Entity>> recognize(String text, TokenClassificationOptions options) {
        ModelInfo info = model.info();
        ResultKey key = new ResultKey(info.name(), info.version(), options, text, null);
        return cache.get(key, () -> model.recognize(text, options));
    }
}
