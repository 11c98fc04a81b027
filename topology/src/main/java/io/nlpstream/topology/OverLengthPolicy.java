package io.nlpstream.topology;

/** What happens to an event whose text is longer than the pipeline's limit. */
public enum OverLengthPolicy {
    /** Cut the text to the limit (never inside a surrogate pair) and enrich the cut text. */
    TRUNCATE,
    /** Dead-letter the event with reason {@code TEXT_TOO_LONG}. */
    REJECT
}
