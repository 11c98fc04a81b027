package io.nlpstream.app.infer;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.Task;

/**
 * The {@link LineInference} of a task over a loaded model: how {@code infer} and the HTTP API turn one JSON input
 * object into a request and its result into the transformers pipeline's JSON.
 */
public final class TaskInferences {
    private TaskInferences() {
    }

    /** @throws io.nlpstream.models.ModelLoadException the model's head cannot serve {@code task} */
    public static LineInference<?> create(Task task, LoadedModel model, TaskOptions options) {
        return switch (task) {
            case TEXT_CLASSIFICATION -> options.classificationWindows() == null
                    ? new TextClassificationInference(model.asTextClassifier(), options.classification())
                    : new WindowedClassificationInference(model.asWindowedTextClassifier(),
                    options.classification(), options.classificationWindows());
            case TOKEN_CLASSIFICATION -> new TokenClassificationInference(model.asTokenClassifier(),
                    options.tokenClassification());
            case QUESTION_ANSWERING -> new QuestionAnsweringInference(model.asQuestionAnswerer(),
                    options.questionAnswering());
            case FEATURE_EXTRACTION -> new FeatureExtractionInference(
                    model.asTextEmbedder(options.featureExtraction()));
        };
    }
}
