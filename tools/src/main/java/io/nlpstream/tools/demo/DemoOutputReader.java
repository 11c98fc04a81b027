package io.nlpstream.tools.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.registry.RegistryClientSettings;
import io.nlpstream.schemas.serde.AvroSerdeSettings;
import io.nlpstream.schemas.serde.ConfluentAvroDeserializer;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.decision.DecisionHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the pipeline wrote, as a downstream consumer would: the output topic's Avro records decoded through
 * the registry, the copies its decisions routed to the review topic (with the rule from the decision headers) and
 * the dead-letter topic's reasons, with {@code read_committed} so only committed results count.
 * It starts at the topics' ends as they were when it was opened, so records of earlier runs are not counted.
 */
final class DemoOutputReader implements AutoCloseable {

    /** A record read back: an enriched event, a routed copy of one, or a dead letter with its reason. */
    sealed interface Output permits Enriched, Routed, DeadLetter {
        long timestamp();
    }

    record Enriched(EnrichedTextEvent event, long timestamp) implements Output {
    }

    /** A copy the pipeline's decision routed to the review topic; {@code rule} is the one that decided. */
    record Routed(EnrichedTextEvent event, String rule, long timestamp) implements Output {
    }

    record DeadLetter(String key, String reason, String message, long timestamp) implements Output {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConfluentAvroDeserializer<EnrichedTextEvent> deserializer = new ConfluentAvroDeserializer<>();
    private final String outputTopic;
    private final String reviewTopic;

    DemoOutputReader(String bootstrapServers, String registryUrl, String outputTopic, String deadLetterTopic,
                     String reviewTopic) {
        this.outputTopic = outputTopic;
        this.reviewTopic = reviewTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "nlp-stream-demo-reader"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> serdeConfig = new HashMap<>();
        serdeConfig.put(RegistryClientSettings.URL, registryUrl);
        serdeConfig.put(AvroSerdeSettings.SPECIFIC_AVRO_VALUE_TYPE, EnrichedTextEvent.class);
        deserializer.configure(serdeConfig, false);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(outputTopic, deadLetterTopic, reviewTopic)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.endOffsets(partitions).forEach(consumer::seek);
    }

    List<Output> poll(Duration timeout) {
        List<Output> outputs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.topic().equals(outputTopic)) {
                outputs.add(new Enriched(deserializer.deserialize(r.topic(), r.value()), r.timestamp()));
            } else if (r.topic().equals(reviewTopic)) {
                outputs.add(new Routed(deserializer.deserialize(r.topic(), r.value()),
                        header(r, DecisionHeaders.RULE), r.timestamp()));
            } else {
                outputs.add(new DeadLetter(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8),
                        header(r, DeadLetterHeaders.REASON), header(r, DeadLetterHeaders.MESSAGE), r.timestamp()));
            }
        }
        return outputs;
    }

    /** The routed copies still to be read, polling until a poll comes back empty or {@code timeout} passes. */
    List<Routed> drainRouted(Duration timeout) {
        List<Routed> routed = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Output> batch = poll(Duration.ofMillis(200));
            if (batch.isEmpty()) {
                break;
            }
            batch.stream().filter(Routed.class::isInstance).map(Routed.class::cast).forEach(routed::add);
        }
        return routed;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
        deserializer.close();
    }
}
