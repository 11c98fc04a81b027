package io.nlpstream.models.result;

/** One label of a text-classification result, as the transformers pipeline returns it. */
public record LabelScore(String label, double score) {
}
