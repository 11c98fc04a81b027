package io.nlpstream.models;

import io.nlpstream.models.options.EmbeddingOptions;

/**
 * A model loaded into one shared, thread-safe ONNX Runtime session with its own dynamic batcher.
 * The {@code as*} views share that session and batcher; asking for a view the model's head cannot serve
 * (e.g. {@link #asQuestionAnswerer()} on a classifier) fails with {@link ModelLoadException}.
 */
public interface LoadedModel extends AutoCloseable {
    ModelInfo info();

    TextClassifier asTextClassifier();

    /** Text classification of whole texts in windows; a text-classification model's other view. */
    WindowedTextClassifier asWindowedTextClassifier();

    TokenClassifier asTokenClassifier();

    QuestionAnswerer asQuestionAnswerer();

    TextEmbedder asTextEmbedder(EmbeddingOptions options);

    /** Stops the batcher (pending requests fail) and releases the session. */
    @Override
    void close();
}
