package io.nlpstream.tools.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Input events for the Kafka paths: JSON {@code {"id", "text"}} keyed {@code phase:sequence}, so the output
 * reader can tell phases apart by key alone (the enrichment keeps keys byte for byte). Each record's timestamp is
 * the moment it was sent, so an output's age is its end-to-end latency.
 */
final class BenchTraffic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<String> texts;

    BenchTraffic(String bootstrapServers, List<String> texts) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.texts = texts;
    }

    static String key(String phase, int sequence) {
        return phase + ":" + sequence;
    }

    /** The phase of a key written by {@link #key}. */
    static String phaseOf(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }

    static int sequenceOf(String key) {
        return Integer.parseInt(key.substring(key.indexOf(':') + 1));
    }

    /** Writes {@code count} events at once and waits until the broker has them all. */
    void backlog(String topic, String phase, int count) {
        for (int i = 0; i < count; i++) {
            send(topic, phase, i);
        }
        producer.flush();
    }

    /** Writes one event per text, at once, and waits until the broker has them all. */
    void backlog(String topic, String phase, List<String> burst) {
        for (int i = 0; i < burst.size(); i++) {
            send(topic, phase, i, burst.get(i));
        }
        producer.flush();
    }

    /**
     * Sends {@code count} events at {@code ratePerSecond}, each at its scheduled moment (an open loop: a slow
     * consumer does not slow the offered load down).
     */
    void paced(String topic, String phase, double ratePerSecond, int count) {
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send(topic, phase, i);
        }
        producer.flush();
    }

    private void send(String topic, String phase, int sequence) {
        send(topic, phase, sequence, texts.get(sequence % texts.size()));
    }

    private void send(String topic, String phase, int sequence, String text) {
        String key = key(phase, sequence);
        ObjectNode event = JSON.createObjectNode().put("id", key).put("text", text);
        producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                key.getBytes(StandardCharsets.UTF_8), event.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
