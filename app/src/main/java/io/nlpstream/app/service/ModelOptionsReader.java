package io.nlpstream.app.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.ModelProperties;
import io.nlpstream.app.infer.TaskOptions;
import io.nlpstream.models.Task;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.ClassificationFunction;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.LongText;
import io.nlpstream.models.options.Pooling;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.options.WindowAggregation;
import io.nlpstream.models.options.WindowOptions;

/**
 * A model's configured task options, checked against the task its graph serves: an option of another task is a
 * configuration error (a typo or a wrong model should not be silently ignored). Defaults are the transformers
 * pipelines', except that embeddings are L2-normalised, as ranking by cosine over sentence-transformers wants.
 */
final class ModelOptionsReader {
    private ModelOptionsReader() {
    }

    static TaskOptions read(ModelProperties model, Task task) {
        String prefix = "models.definitions." + model.getName() + ".";
        rejectOthers(model, task, prefix);
        TaskOptions d = TaskOptions.DEFAULTS;
        try {
            return switch (task) {
                case TEXT_CLASSIFICATION -> new TaskOptions(new ClassificationOptions(model.getTopK(),
                        model.getFunctionToApply() == null ? null : ConfigValues.enumValue(prefix + "function-to-apply",
                                model.getFunctionToApply(), ClassificationFunction.class)),
                        d.tokenClassification(), d.questionAnswering(), d.featureExtraction())
                        .withClassificationWindows(windows(model, prefix));
                case TOKEN_CLASSIFICATION -> new TaskOptions(d.classification(), TokenClassificationOptions.of(
                        model.getAggregationStrategy() == null ? AggregationStrategy.NONE
                                : ConfigValues.enumValue(prefix + "aggregation-strategy",
                                model.getAggregationStrategy(), AggregationStrategy.class))
                        .withStride(model.getStride()),
                        d.questionAnswering(), d.featureExtraction());
                case QUESTION_ANSWERING -> {
                    QaOptions q = d.questionAnswering();
                    yield new TaskOptions(d.classification(), d.tokenClassification(), new QaOptions(
                            or(model.getTopK(), q.topK()), or(model.getDocStride(), q.docStride()),
                            or(model.getMaxSeqLen(), q.maxSeqLen()), or(model.getMaxQuestionLen(), q.maxQuestionLen()),
                            or(model.getMaxAnswerLen(), q.maxAnswerLen()),
                            model.getHandleImpossibleAnswer() != null && model.getHandleImpossibleAnswer(),
                            model.getWholeContext() != null && model.getWholeContext()),
                            d.featureExtraction());
                }
                case FEATURE_EXTRACTION -> new TaskOptions(d.classification(), d.tokenClassification(),
                        d.questionAnswering(), new EmbeddingOptions(
                        model.getPooling() == null ? Pooling.MEAN
                                : ConfigValues.enumValue(prefix + "pooling", model.getPooling(), Pooling.class),
                        model.getNormalize() == null || model.getNormalize(),
                        ConfigValues.atLeast(prefix + "max-seq-len",
                                or(model.getMaxSeqLen(), EmbeddingOptions.DEFAULTS.maxLength()), 2)));
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("Model '" + model.getName() + "' has an invalid " + task.id()
                    + " option: " + e.getMessage() + ".", e);
        }
    }

    /** {@code long-text}, {@code chunk-aggregation} and {@code chunk-stride}; {@code null} for truncate. */
    private static WindowOptions windows(ModelProperties model, String prefix) {
        LongText longText = model.getLongText() == null ? LongText.TRUNCATE
                : ConfigValues.enumValue(prefix + "long-text", model.getLongText(), LongText.class);
        if (longText == LongText.TRUNCATE) {
            if (model.getChunkAggregation() != null || model.getChunkStride() != null) {
                throw new InvalidConfigurationException(prefix + "chunk-aggregation and " + prefix + "chunk-stride "
                        + "need " + prefix + "long-text: chunk.");
            }
            return null;
        }
        WindowOptions d = WindowOptions.DEFAULTS;
        return new WindowOptions(model.getChunkAggregation() == null ? d.aggregation()
                : ConfigValues.enumValue(prefix + "chunk-aggregation", model.getChunkAggregation(),
                WindowAggregation.class),
                model.getChunkStride() == null ? d.stride() : model.getChunkStride());
    }

    private static void rejectOthers(ModelProperties m, Task task, String prefix) {
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("top-k", m.getTopK());
        given.put("function-to-apply", m.getFunctionToApply());
        given.put("aggregation-strategy", m.getAggregationStrategy());
        given.put("doc-stride", m.getDocStride());
        given.put("max-seq-len", m.getMaxSeqLen());
        given.put("max-answer-len", m.getMaxAnswerLen());
        given.put("max-question-len", m.getMaxQuestionLen());
        given.put("handle-impossible-answer", m.getHandleImpossibleAnswer());
        given.put("pooling", m.getPooling());
        given.put("normalize", m.getNormalize());
        given.put("stride", m.getStride());
        given.put("long-text", m.getLongText());
        given.put("chunk-aggregation", m.getChunkAggregation());
        given.put("chunk-stride", m.getChunkStride());
        given.put("whole-context", m.getWholeContext());
        List<String> allowed = switch (task) {
            case TEXT_CLASSIFICATION -> List.of("top-k", "function-to-apply", "long-text", "chunk-aggregation",
                    "chunk-stride");
            case TOKEN_CLASSIFICATION -> List.of("aggregation-strategy", "stride");
            case QUESTION_ANSWERING -> List.of("top-k", "doc-stride", "max-seq-len", "max-answer-len",
                    "max-question-len", "handle-impossible-answer", "whole-context");
            case FEATURE_EXTRACTION -> List.of("pooling", "normalize", "max-seq-len");
        };
        List<String> wrong = new ArrayList<>();
        given.forEach((option, value) -> {
            if (value != null && !allowed.contains(option)) {
                wrong.add(prefix + option);
            }
        });
        if (!wrong.isEmpty()) {
            throw new InvalidConfigurationException(String.join(", ", wrong) + " does not apply to model '"
                    + m.getName() + "', which is a " + task.id() + " model.");
        }
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
