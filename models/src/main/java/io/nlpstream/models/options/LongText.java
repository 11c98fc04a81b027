package io.nlpstream.models.options;

/** How text classification reads a text longer than the model's length. */
public enum LongText {
    /** Its first tokens only, up to the model's length (the transformers pipeline). */
    TRUNCATE,
    /** All of it, in overlapping windows whose per-label scores are combined ({@link WindowOptions}). */
    CHUNK
}
