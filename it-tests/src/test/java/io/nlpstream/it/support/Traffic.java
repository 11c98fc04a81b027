package io.nlpstream.it.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.nlpstream.it.cluster.KafkaCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The upstream producer: idempotent, {@code acks=all}, patient enough to ride out a broker restart. An event counts
 * as produced once the cluster acknowledged it; any send that fails for good is kept and fails the scenario, so
 * "lost" can only mean lost by the app.
 */
public final class Traffic implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, RecordMetadata> acknowledged = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    public Traffic(KafkaCluster cluster) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(4).toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_REQUEST_BYTES),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one record without waiting; its acknowledgement is recorded when it comes. */
    public void send(Outgoing event) {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()), (metadata, error) -> {
            if (error == null) {
                acknowledged.put(event.id(), metadata);
            } else {
                failures.add(event.id() + ": " + error);
            }
        });
    }

    /** Sends everything and waits for every acknowledgement. */
    public void sendAll(List<Outgoing> events) {
        events.forEach(this::send);
        producer.flush();
        assertNoFailures();
    }

    /**
     * Sends {@code events} in order at about {@code perSecond} from a background thread: load while things break.
     * It runs until the list is exhausted or {@link Background#stop()}, so a scenario keeps load on for as long as
     * its disruption takes on a slow machine; {@link Background#sentIds()} is then what was produced.
     */
    public Background sendAtRate(List<Outgoing> events, int perSecond) {
        Background background = new Background(events);
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < events.size() && !background.stopped; i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Poll.pause(Duration.ofNanos(wait));
                }
                send(events.get(i));
                background.sent.incrementAndGet();
            }
            producer.flush();
        }, "traffic");
        thread.setDaemon(true);
        background.thread = thread;
        thread.start();
        return background;
    }

    public void flush() {
        producer.flush();
    }

    /** How many events the cluster has acknowledged so far. */
    public int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Event id to where the cluster stored it. */
    public Map<String, RecordMetadata> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    public void assertNoFailures() {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " events could not be produced, e.g. " + failures.peek());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    /** Traffic running in the background. */
    public final class Background {
        private final List<Outgoing> events;
        private final AtomicInteger sent = new AtomicInteger();
        private volatile boolean stopped;
        private Thread thread;

        private Background(List<Outgoing> events) {
            this.events = events;
        }

        public int sent() {
            return sent.get();
        }

        /** Sends nothing more after the event in flight; {@link #awaitDone} still waits for acknowledgements. */
        public void stop() {
            stopped = true;
        }

        /** Waits until the traffic ended (every event sent, or stopped) and everything sent was acknowledged. */
        public void awaitDone(Duration timeout) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (thread.isAlive()) {
                throw new AssertionError("traffic not done within " + timeout + ": " + sent() + " of "
                        + events.size() + " sent");
            }
            assertNoFailures();
        }

        /** The ids sent so far, in order; after {@link #awaitDone}, the events produced. */
        public List<String> sentIds() {
            return Outgoing.ids(events.subList(0, sent()));
        }
    }
}
