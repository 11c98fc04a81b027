package io.nlpstream.topology;

/**
 * How big an event a pipeline takes in, besides its {@link TextLimit}. The limits keep every record the pipeline
 * writes (its buffer's changelog entry, its output, its dead letter) within what Kafka accepts, and bound the work
 * one event can cost the stream thread.
 *
 * @param maxEventBytes         the largest input record, key + value + header keys and values in bytes; larger
 *                              ones are dead letters ({@code EVENT_TOO_LARGE}) before anything is decoded or
 *                              written, and so is an enriched event that would serialize larger. The default fits
 *                              Kafka's default 1 MiB record limits with room for the dead-letter headers.
 * @param maxQuestionCodePoints the longest question kept, in code points; longer ones are cut (never inside a
 *                              surrogate pair) before any model sees them. Question-answering models keep only their
 *                              first {@code max-question-len} tokens (64 by default) anyway, so the cut bounds the
 *                              tokenizer's work without changing answers.
 * @param maxMetadataBytes      the most metadata an event may carry, keys and values in UTF-8 bytes; more is a dead
 *                              letter ({@code EVENT_TOO_LARGE}), since metadata is echoed in the output and cannot be
 *                              cut meaningfully
 */
public record EventLimits(int maxEventBytes, int maxQuestionCodePoints, int maxMetadataBytes) {
    public static final EventLimits DEFAULTS = new EventLimits(1_000_000, 1_000, 64 * 1024);

    /**
     * What a record the pipeline writes may add to the largest event it takes in: the changelog entry's framing, the
     * dead-letter headers (the message is capped at 1000 characters), and Kafka's record and batch overhead.
     */
    public static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

    public EventLimits {
        if (maxEventBytes < 1024) {
            throw new InvalidTopologySettingsException("max event bytes must be >= 1024, got " + maxEventBytes);
        }
        if (maxQuestionCodePoints < 1) {
            throw new InvalidTopologySettingsException("max question code points must be >= 1, got "
                    + maxQuestionCodePoints);
        }
        if (maxMetadataBytes < 0 || maxMetadataBytes > maxEventBytes) {
            throw new InvalidTopologySettingsException("max metadata bytes must be between 0 and max event bytes ("
                    + maxEventBytes + "), got " + maxMetadataBytes);
        }
    }

    /**
     * The largest record the pipeline writes (changelog entry, output or dead letter): what the producer's
     * {@code max.request.size}, the buffer's changelog and the output and dead-letter topics' {@code
     * max.message.bytes} must accept.
     */
    public int maxRecordBytes() {
        return maxEventBytes + RECORD_OVERHEAD_BYTES;
    }
}
