package io.nlpstream.models.options;

/** How token embeddings become one text embedding. */
public enum Pooling {
    /** Mean over the tokens that the attention mask marks (sentence-transformers' default). */
    MEAN,
    /** The first ([CLS]) token. */
    CLS
}
