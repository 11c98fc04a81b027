package io.nlpstream.models.cache;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.WindowedTextClassifier;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.WindowOptions;
import io.nlpstream.models.result.WindowedLabels;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A windowed text classifier whose answers go through a result cache, keyed by the normalised text. */
public final class CachedWindowedTextClassifier implements WindowedTextClassifier {
    private final WindowedTextClassifier model;
    private final ResultCache cache;

    public CachedWindowedTextClassifier(WindowedTextClassifier model, ResultCache cache) {
        this.model = model;
        this.cache = cache;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public CompletableFuture<WindowedLabels> classify(String text, ClassificationOptions options,
                                                      WindowOptions windows) {
        ModelInfo info = model.info();
        ResultKey key = new ResultKey(info.name(), info.version(), List.of(options, windows),
                cache.settings().normalization().apply(text), null);
        return cache.get(key, () -> model.classify(text, options, windows));
    }
}
