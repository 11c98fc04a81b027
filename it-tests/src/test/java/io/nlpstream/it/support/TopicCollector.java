package io.nlpstream.it.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed to one topic, read from the beginning with {@code isolation.level=read_committed}: what a
 * downstream consumer sees, so records of aborted transactions (a killed instance's unfinished work) never count.
 * Records are kept in arrival order and counted by key (the event id).
 */
public final class TopicCollector implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(250);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> partitions;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final Map<String, Integer> countsById = new HashMap<>();

    public TopicCollector(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = Set.copyOf(consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** One poll; returns how many records arrived. Polling through a broker outage just returns nothing. */
    public synchronized int poll() {
        int before = records.size();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            records.add(record);
            countsById.merge(idOf(record), 1, Integer::sum);
        }
        return records.size() - before;
    }

    /** Polls until this consumer's position is at the committed end of every partition (last stable offset). */
    public synchronized void drain(Duration timeout) {
        Poll.until(timeout, "read " + topic + " to its end", () -> {
            poll();
            try {
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                return partitions.stream().allMatch(tp -> consumer.position(tp, Duration.ofSeconds(10))
                        >= ends.get(tp));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                return false;
            }
        }, () -> records.size() + " records so far");
    }

    public synchronized List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(records);
    }

    public synchronized Map<String, Integer> countsById() {
        return Map.copyOf(countsById);
    }

    public synchronized int count() {
        return records.size();
    }

    public synchronized int count(String id) {
        return countsById.getOrDefault(id, 0);
    }

    public String topic() {
        return topic;
    }

    public static String idOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "<no key>" : new String(record.key(), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
