package io.nlpstream.models.options;

/** The transformers pipeline's {@code function_to_apply}. */
public enum ClassificationFunction {
    SOFTMAX, SIGMOID, NONE
}
