package io.nlpstream.topology.deadletter;

import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What the dead letter of a record too large to keep whole carries: the first bytes of its key and of its value,
 * its original headers when they are small enough (else none), and the original record's size for the
 * {@value DeadLetterHeaders#ORIGINAL_SIZE} header. Each part keeps at most {@value #PART_BYTES} bytes and at most a
 * quarter of the pipeline's {@code maxEventBytes}, so the copy fits wherever an accepted event fits. Enough to
 * identify the event and see what it held; a truncated copy cannot be replayed.
 */
public record OversizedCopy(byte[] key, byte[] value, Headers headers, long originalBytes) {
    /** The most a truncated copy keeps of each part. */
    public static final int PART_BYTES = 16 * 1024;

    /** @param originalBytes the original record's size (key, value and headers) */
    public static OversizedCopy of(byte[] key, byte[] value, Headers headers, long originalBytes, int maxEventBytes) {
        int part = Math.min(PART_BYTES, maxEventBytes / 4);
        RecordHeaders kept = new RecordHeaders();
        if (headers != null && headerBytes(headers) <= part) {
            for (Header header : headers) {
                kept.add(header.key(), header.value());
            }
        }
        return new OversizedCopy(cut(key, part), cut(value, part), kept, originalBytes);
    }

    private static byte[] cut(byte[] bytes, int part) {
        return bytes == null || bytes.length <= part ? bytes : Arrays.copyOf(bytes, part);
    }

    private static long headerBytes(Headers headers) {
        long bytes = 0;
        for (Header header : headers) {
            bytes += header.key().length() * 3L + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }
}
