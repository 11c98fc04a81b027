package io.nlpstream.models.cache;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A question answerer whose answers go through a result cache. Answers carry offsets into the context, so the
 * context is keyed exactly; the question is normalised as the cache says.
 */
public final class CachedQuestionAnswerer implements QuestionAnswerer {
    private final QuestionAnswerer model;
    private final ResultCache cache;

    public CachedQuestionAnswerer(QuestionAnswerer model, ResultCache cache) {
        this.model = model;
        this.cache = cache;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public CompletableFuture<List<Answer>> answer(QaInput input, QaOptions options) {
        ModelInfo info = model.info();
        ResultKey key = new ResultKey(info.name(), info.version(), options, input.context(),
                cache.settings().normalization().apply(input.question()));
        return cache.get(key, () -> model.answer(input, options));
    }
}
