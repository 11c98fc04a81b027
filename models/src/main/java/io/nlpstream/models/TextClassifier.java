package io.nlpstream.models;

import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Text classification with the transformers pipeline's semantics; calls go through the model's shared batcher. */
public interface TextClassifier {
    ModelInfo info();

    /**
     * Labels best first; one element when {@link ClassificationOptions#singleBest()}. A text pair goes through the
     * tokenizer's pair template, as the pipeline's {@code {"text", "text_pair"}} input does.
     */
    CompletableFuture<List<LabelScore>> classify(TextInput input, ClassificationOptions options);

    /** {@link #classify(TextInput, ClassificationOptions)} of a single text. */
    default CompletableFuture<List<LabelScore>> classify(String text, ClassificationOptions options) {
        return classify(TextInput.of(text), options);
    }
}
