package io.nlpstream.app.infer;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.options.WindowOptions;

/**
 * The pipeline options of every task for one model, as the {@code infer} flags or a model's configuration give
 * them; only the ones of the model's own task are used.
 *
 * @param classificationWindows {@code null}: text classification reads the first tokens of a text up to the
 *                              model's length ({@code long-text: truncate}); else the whole text in windows
 *                              ({@code long-text: chunk})
 */
public record TaskOptions(ClassificationOptions classification, TokenClassificationOptions tokenClassification,
                          QaOptions questionAnswering, EmbeddingOptions featureExtraction,
                          WindowOptions classificationWindows) {
    /** The transformers pipelines' defaults (feature-extraction: mean pooling, not normalised, 256 tokens). */
    public static final TaskOptions DEFAULTS = new TaskOptions(ClassificationOptions.DEFAULTS,
            TokenClassificationOptions.DEFAULTS, QaOptions.DEFAULTS,
            new EmbeddingOptions(EmbeddingOptions.DEFAULTS.pooling(), false, EmbeddingOptions.DEFAULTS.maxLength()));

    /** Options whose text classification truncates long texts. */
    public TaskOptions(ClassificationOptions classification, TokenClassificationOptions tokenClassification,
                       QaOptions questionAnswering, EmbeddingOptions featureExtraction) {
        this(classification, tokenClassification, questionAnswering, featureExtraction, null);
    }

    /** These options with text classification reading whole texts in windows ({@code null}: truncating). */
    public TaskOptions withClassificationWindows(WindowOptions windows) {
        return new TaskOptions(classification, tokenClassification, questionAnswering, featureExtraction, windows);
    }
}
