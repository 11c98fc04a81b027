package io.nlpstream.models.options;

/** How the per-label scores of a text's windows become the text's. */
public enum WindowAggregation {
    /** The highest score of any window: "anywhere in the text" (moderation). */
    MAX,
    /** The mean over the windows. */
    MEAN
}
