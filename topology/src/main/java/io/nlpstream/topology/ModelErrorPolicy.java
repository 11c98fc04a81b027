package io.nlpstream.topology;

/** What happens to an event when one of its models fails on it (a timeout always dead-letters). */
public enum ModelErrorPolicy {
    /** The whole event goes to the dead-letter topic with reason {@code MODEL_ERROR}. */
    DEAD_LETTER,
    /** The event is emitted; the failed model's {@code ModelResult} carries {@code error} and no results. */
    ANNOTATE
}
