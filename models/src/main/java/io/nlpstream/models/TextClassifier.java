package io.nlpstream.models;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Text classification with the transformers pipeline's semantics; calls go through the model's shared batcher. */
public interface TextClassifier {
    ModelInfo info();

    /** Labels best first; one element when {@link ClassificationOptions#singleBest()}. */
    CompletableFuture<List<LabelScore>> classify(String text, ClassificationOptions options);
}
