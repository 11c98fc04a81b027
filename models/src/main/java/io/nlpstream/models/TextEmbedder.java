package io.nlpstream.models;

import java.util.concurrent.CompletableFuture;

/** Feature extraction to one vector per text (pooling and normalisation fixed when the embedder is made). */
public interface TextEmbedder {
    ModelInfo info();

    int dimension();

    CompletableFuture<float[]> embed(String text);
}
