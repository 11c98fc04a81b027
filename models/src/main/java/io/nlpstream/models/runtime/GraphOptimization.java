package io.nlpstream.models.runtime;

/** ONNX Runtime graph optimisation levels. */
public enum GraphOptimization {
    NONE, BASIC, EXTENDED, ALL
}
