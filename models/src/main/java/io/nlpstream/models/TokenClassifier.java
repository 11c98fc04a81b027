package io.nlpstream.models;

import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Entity;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Token classification (NER) with the transformers pipeline's semantics, through the model's shared batcher. */
public interface TokenClassifier {
    ModelInfo info();

    CompletableFuture<List<Entity>> recognize(String text, TokenClassificationOptions options);
}
