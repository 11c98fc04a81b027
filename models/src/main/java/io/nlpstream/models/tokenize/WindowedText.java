package io.nlpstream.models.tokenize;

/** Which text of a pair is split into overlapping windows (the other one is repeated whole in every window). */
public enum WindowedText {
    /** {@code truncation="only_first"}. */
    FIRST,
    /** {@code truncation="only_second"}. */
    SECOND
}
