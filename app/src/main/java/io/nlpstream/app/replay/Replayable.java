package io.nlpstream.app.replay;

import java.nio.charset.StandardCharsets;

import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What a replay does with one dead letter: re-publish it to its source topic as the record it was (key, value bytes,
 * timestamp, headers without the {@code dlq.*} ones, and the partition it was read from), or skip it, saying why: a
 * truncated copy ({@code dlq.original.size}) or a missing value cannot become the original event again, and a dead
 * letter without its source topic has nowhere to go.
 */
public sealed interface Replayable {
    record Replay(ProducerRecord<byte[], byte[]> record, String reason) implements Replayable {
    }

    record Skip(String why) implements Replayable {
    }

    static Replayable of(ConsumerRecord<byte[], byte[]> deadLetter) {
        var headers = deadLetter.headers();
        String source = DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC);
        if (source == null || source.isEmpty()) {
            return new Skip("it has no " + DeadLetterHeaders.SOURCE_TOPIC + " header");
        }
        if (DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_SIZE) != null) {
            return new Skip("its value is a truncated copy of a " + DeadLetterHeaders.read(headers,
                    DeadLetterHeaders.ORIGINAL_SIZE) + "-byte record");
        }
        if (deadLetter.value() == null) {
            return new Skip("it has no value");
        }
        RecordHeaders original = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().startsWith("dlq.")) {
                original.add(header.key(), header.value());
            }
        }
        Integer partition = partition(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_PARTITION));
        return new Replay(new ProducerRecord<>(source, partition, deadLetter.timestamp(), deadLetter.key(),
                deadLetter.value(), original), DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON));
    }

    /** The source partition, or {@code null} (the producer's partitioner decides) when unknown. */
    private static Integer partition(String header) {
        try {
            int partition = header == null ? -1 : Integer.parseInt(header);
            return partition >= 0 ? partition : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A key for a log line: UTF-8 when it reads as such, else its length. */
    static String printable(byte[] key) {
        if (key == null) {
            return "null";
        }
        String text = new String(key, StandardCharsets.UTF_8);
        boolean readable = text.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD) && text.length() <= 80;
        return readable ? text : "<" + key.length + " bytes>";
    }
}
