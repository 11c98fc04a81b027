package io.nlpstream.topology.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a dead-lettered record: the original headers, then {@code dlq.*} headers (UTF-8 strings) that
 * say why, where and when. A record dead-lettered twice keeps only the latest {@code dlq.*} headers.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "dlq.reason";
    public static final String MESSAGE = "dlq.message";
    public static final String STAGE = "dlq.stage";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    /** Wall-clock epoch milliseconds at which the record was dead-lettered. */
    public static final String TIMESTAMP = "dlq.timestamp";
    /**
     * Only on a dead letter that carries a truncated copy ({@link OversizedCopy}): the original record's size in
     * bytes (key, value and headers).
     */
    public static final String ORIGINAL_SIZE = "dlq.original.size";

    private static final String PREFIX = "dlq.";
    /** Messages are diagnostics, not payloads; a deep cause chain must not bloat every dead letter. */
    private static final int MAX_MESSAGE_CHARS = 1000;

    private DeadLetterHeaders() {
    }

    /**
     * @param source where the record was read from; {@code null} topic and -1 partition/offset when unknown
     */
    public static Headers of(Headers original, DeadLetterReason reason, DeadLetterStage stage, String message,
                             SourcePosition source, long nowMs) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!header.key().startsWith(PREFIX)) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        add(headers, REASON, reason.name());
        add(headers, MESSAGE, truncate(message == null ? "" : message));
        add(headers, STAGE, stage.name());
        add(headers, SOURCE_TOPIC, source.topic() == null ? "" : source.topic());
        add(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        add(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        add(headers, TIMESTAMP, Long.toString(nowMs));
        return headers;
    }

    /** The value of a {@code dlq.*} header, or {@code null}. */
    public static String read(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The exception's class and message, and its root cause's when different. */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = error.getClass().getSimpleName() + ": " + error.getMessage();
        return root == error ? top : top + " (caused by " + root.getClass().getSimpleName() + ": "
                + root.getMessage() + ")";
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
