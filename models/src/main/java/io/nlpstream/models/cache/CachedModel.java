package io.nlpstream.models.cache;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.WindowedTextClassifier;
import io.nlpstream.models.options.EmbeddingOptions;

/**
 * A loaded model whose views all answer through one result cache, so every caller of the model (the stream's
 * pipelines and the HTTP API) shares it. Closing closes the model.
 */
public final class CachedModel implements LoadedModel {
    private final LoadedModel model;
    private final ResultCache cache;

    public CachedModel(LoadedModel model, ResultCache cache) {
        this.model = model;
        this.cache = cache;
    }

    public ResultCache cache() {
        return cache;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public TextClassifier asTextClassifier() {
        return new CachedTextClassifier(model.asTextClassifier(), cache);
    }

    @Override
    public WindowedTextClassifier asWindowedTextClassifier() {
        return new CachedWindowedTextClassifier(model.asWindowedTextClassifier(), cache);
    }

    @Override
    public TokenClassifier asTokenClassifier() {
        return new CachedTokenClassifier(model.asTokenClassifier(), cache);
    }

    @Override
    public QuestionAnswerer asQuestionAnswerer() {
        return new CachedQuestionAnswerer(model.asQuestionAnswerer(), cache);
    }

    @Override
    public TextEmbedder asTextEmbedder(EmbeddingOptions options) {
        return new CachedTextEmbedder(model.asTextEmbedder(options), cache, options);
    }

    @Override
    public void close() {
        model.close();
    }
}
