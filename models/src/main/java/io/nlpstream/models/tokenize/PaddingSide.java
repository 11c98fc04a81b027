package io.nlpstream.models.tokenize;

/**
 * The side a tokenizer pads on ({@code padding_side}). The runtime always pads batches on the right (a masked
 * model's outputs for the real tokens do not depend on it); the side matters because the question-answering
 * pipeline puts the question first when the tokenizer pads on the right and the context first otherwise.
 */
public enum PaddingSide {
    LEFT, RIGHT
}
