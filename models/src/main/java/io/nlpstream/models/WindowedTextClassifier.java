package io.nlpstream.models;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.WindowOptions;
import io.nlpstream.models.result.WindowedLabels;

import java.util.concurrent.CompletableFuture;

/**
 * Text classification of the whole text: windows of the model's length overlapping by a stride, all submitted
 * together through the model's shared batcher (they count toward its token budget like any sequence), each label's
 * scores combined across windows; the labels are then chosen as {@link ClassificationOptions} says.
 */
public interface WindowedTextClassifier {
    ModelInfo info();

    CompletableFuture<WindowedLabels> classify(String text, ClassificationOptions options, WindowOptions windows);
}
