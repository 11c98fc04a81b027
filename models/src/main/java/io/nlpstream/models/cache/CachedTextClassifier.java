package io.nlpstream.models.cache;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A text classifier whose answers go through a result cache, keyed by the normalised text. */
public final class CachedTextClassifier implements TextClassifier {
    private final TextClassifier model;
    private final ResultCache cache;

    public CachedTextClassifier(TextClassifier model, ResultCache cache) {
        this.model = model;
        this.cache = cache;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public CompletableFuture<List<LabelScore>> classify(TextInput input, ClassificationOptions options) {
        ModelInfo info = model.info();
        // a pair's second text takes the key's second-text slot, so a pair never shares a result with its text alone
        ResultKey key = new ResultKey(info.name(), info.version(), options,
                cache.settings().normalization().apply(input.text()),
                input.isPair() ? cache.settings().normalization().apply(input.textPair()) : null);
        return cache.get(key, () -> model.classify(input, options));
    }
}
