package io.nlpstream.app.infer;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;

/**
 * The pipeline options of every task for one model, as the {@code infer} flags or a model's configuration give
 * them; only the ones of the model's own task are used.
 */
public record TaskOptions(ClassificationOptions classification, TokenClassificationOptions tokenClassification,
                          QaOptions questionAnswering, EmbeddingOptions featureExtraction) {
    /** The transformers pipelines' defaults (feature-extraction: mean pooling, not normalised, 256 tokens). */
    public static final TaskOptions DEFAULTS = new TaskOptions(ClassificationOptions.DEFAULTS,
            TokenClassificationOptions.DEFAULTS, QaOptions.DEFAULTS,
            new EmbeddingOptions(EmbeddingOptions.DEFAULTS.pooling(), false, EmbeddingOptions.DEFAULTS.maxLength()));
}
