package io.nlpstream.models;

import io.nlpstream.models.options.EmbeddingOptions;

import java.time.Duration;
import java.util.Optional;

/**
 * A model loaded into one shared, thread-safe ONNX Runtime session with its own dynamic batcher.
 * The {@code as*} views share that session and batcher; asking for a view the model's head cannot serve
 * (e.g. {@link #asQuestionAnswerer()} on a classifier) fails with {@link ModelLoadException}.
 */
public interface LoadedModel extends AutoCloseable {
    ModelInfo info();

    /**
     * The same model (session, batcher, heads) whose views submit on {@code lane}; the views of this one submit on
     * {@link Lane#REQUEST} unless it came from here. Closing either closes the model.
     */
    LoadedModel onLane(Lane lane);

    /** How long the longest model call now running has been running, if one is (a hung model shows here). */
    Optional<Duration> longestRunningCall();

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
