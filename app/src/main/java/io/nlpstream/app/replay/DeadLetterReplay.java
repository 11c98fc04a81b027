package io.nlpstream.app.replay;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-publishes the dead letters of one dead-letter topic that a {@link DeadLetterFilter} selects to their source
 * topics ({@link Replayable}), from where the replay's consumer group last stopped up to the topic's end as it was
 * when the replay began, then stops.
 *
 * <p><b>Exactly once.</b> The consumer reads {@code read_committed} and commits nothing itself; each polled batch is
 * re-published in one transaction of a transactional producer together with the group's offsets past that batch
 * ({@code sendOffsetsToTransaction}). A replay that crashes or is killed leaves its open transaction to be aborted
 * (by the broker's timeout, or at once by the next run, whose {@code initTransactions} with the same transactional id
 * fences it): the records it sent are invisible to {@code read_committed} readers such as the service, and the next
 * run starts from the last committed offsets, so every selected dead letter is re-published once. The group and the
 * transactional id are {@link #groupId the same run after run} for one topic and one filter: running the same command
 * again replays only dead letters written since. A different filter is a different group and starts from the
 * topic's beginning.
 */
public final class DeadLetterReplay {
    /** How long a replay waits for the next records before it gives up (the topic's end is known, so never idle). */
    static final Duration POLL = Duration.ofSeconds(1);

    /** What a replay did (or, dry, would do). */
    public record Summary(long read, long replayed, long notSelected, long skipped) {
        String sentence(boolean dryRun, String topic) {
            return (dryRun ? "Dry run: would replay " : "Replayed ") + replayed + " of " + read
                    + " dead letter(s) read from " + topic + "; " + notSelected + " not selected by the filter, "
                    + skipped + " not replayable.";
        }
    }

    private final String deadLetterTopic;
    private final DeadLetterFilter filter;
    private final Map<String, Object> clientConfig;
    private final String groupId;
    private final Duration timeout;
    private final PrintWriter out;

    /**
     * @param clientConfig bootstrap servers and the security settings every client needs
     * @param groupId      the consumer group and transactional id; {@code null} for {@link #groupId}'s default
     * @param timeout      how long to wait without progress before failing
     */
    public DeadLetterReplay(String deadLetterTopic, DeadLetterFilter filter, Map<String, Object> clientConfig,
                            String groupId, Duration timeout, PrintWriter out) {
        this.deadLetterTopic = deadLetterTopic;
        this.filter = filter;
        this.clientConfig = Map.copyOf(clientConfig);
        this.groupId = groupId == null ? groupId(deadLetterTopic, filter) : groupId;
        this.timeout = timeout;
        this.out = out;
    }

    /** {@code nlp-stream-replay.<topic>.<8 hex digits of the filter's canonical text>}. */
    public static String groupId(String deadLetterTopic, DeadLetterFilter filter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filter.describe()
                    .getBytes(StandardCharsets.UTF_8));
            return "nlp-stream-replay." + deadLetterTopic + "." + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String groupId() {
        return groupId;
    }

    /** Reads the topic up to its current end; re-publishes (unless {@code dryRun}) what the filter selects. */
    public Summary run(boolean dryRun) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = dryRun ? null : new KafkaProducer<>(producerConfig(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new ReplayException("the dead-letter topic '" + deadLetterTopic + "' does not exist");
            }
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), timeout);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata from = committed.get(partition);
                if (from == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, from.offset());
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            out.println((dryRun ? "Dry run: reading " : "Replaying from ") + deadLetterTopic + " as group " + groupId
                    + " (" + filter.describe() + ")");
            if (producer != null) {
                producer.initTransactions();
            }
            return loop(consumer, producer, partitions, end);
        }
    }

    private Summary loop(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                         List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        long read = 0;
        long replayed = 0;
        long notSelected = 0;
        long skipped = 0;
        Instant lastProgress = Instant.now();
        while (!atEnd(consumer, partitions, end)) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            if (producer != null && !records.isEmpty()) {
                producer.beginTransaction();
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= end.get(partition)) {
                    continue; // written after the replay began: left for the next run
                }
                read++;
                next.put(partition, new OffsetAndMetadata(record.offset() + 1));
                String at = record.topic() + "/" + record.partition() + "@" + record.offset();
                if (!filter.matches(record.headers())) {
                    notSelected++;
                    continue;
                }
                Replayable replayable = Replayable.of(record);
                if (replayable instanceof Replayable.Skip skip) {
                    skipped++;
                    out.println("skip   " + at + " (" + DeadLetterHeaders.read(record.headers(),
                            DeadLetterHeaders.REASON) + "): " + skip.why());
                    continue;
                }
                Replayable.Replay replay = (Replayable.Replay) replayable;
                replayed++;
                out.println((producer == null ? "would replay " : "replay ") + at + " (" + replay.reason() + ") -> "
                        + replay.record().topic() + (replay.record().partition() == null ? ""
                        : "/" + replay.record().partition()) + " key=" + Replayable.printable(record.key()));
                if (producer != null) {
                    producer.send(replay.record());
                }
            }
            if (producer != null && !records.isEmpty()) {
                producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                producer.commitTransaction();
            }
            if (!records.isEmpty()) {
                lastProgress = Instant.now();
            } else if (Duration.between(lastProgress, Instant.now()).compareTo(timeout) > 0) {
                throw new ReplayException("no dead letters arrived from " + deadLetterTopic + " for "
                        + timeout.toSeconds() + " s before its end was reached");
            }
        }
        out.flush();
        return new Summary(read, replayed, notSelected, skipped);
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                 Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private Properties consumerConfig() {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-consumer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    private Properties producerConfig() {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-producer");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // The source topic's max.message.bytes decides what fits; the producer's own 1 MB default must not.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024);
        return props;
    }

    /** A replay that cannot go on; its message is one sentence for the operator. */
    public static final class ReplayException extends RuntimeException {
        public ReplayException(String message) {
            super(message);
        }
    }
}
