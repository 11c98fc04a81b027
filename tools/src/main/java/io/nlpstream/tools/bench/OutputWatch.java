package io.nlpstream.tools.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an output topic as a downstream consumer would ({@code read_committed}, so only what the exactly-once
 * transactions committed) and records, per phase, when each event came out and how old it was.
 */
final class OutputWatch implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    OutputWatch(String bootstrapServers, String topic, int partitions) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assignment = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        this.reader = new Thread(this::read, "bench-output-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    /** Registers a phase right before its first event is sent: its window starts now. */
    Phase expect(String phase, int expected) {
        Phase created = new Phase(expected, System.nanoTime());
        phases.put(phase, created);
        return created;
    }

    private void read() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    long arrivedNanos = System.nanoTime();
                    long ageMs = System.currentTimeMillis() - record.timestamp();
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    Phase phase = phases.get(BenchTraffic.phaseOf(key));
                    if (phase != null) {
                        phase.arrived(BenchTraffic.sequenceOf(key), arrivedNanos, ageMs);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(10_000);
    }

    /**
     * What came out of one phase: arrival time and age per sequence number (duplicates are counted once). Its rate
     * window opens when the phase's first event is sent and closes at its last arrival, so it counts only events
     * produced and consumed inside it, however the transactions that made them visible bunched their arrivals.
     */
    static final class Phase {
        private final long startNanos;
        private final long[] arrivedNanos;
        private final long[] agesMs;
        private int count;
        private long lastArrivalNanos;

        /** @param startNanos when the first event was sent ({@link System#nanoTime()}) */
        Phase(int expected, long startNanos) {
            this.startNanos = startNanos;
            this.arrivedNanos = new long[expected];
            this.agesMs = new long[expected];
            Arrays.fill(arrivedNanos, -1);
        }

        synchronized void arrived(int sequence, long nanos, long ageMs) {
            if (sequence < 0 || sequence >= arrivedNanos.length || arrivedNanos[sequence] >= 0) {
                return;
            }
            arrivedNanos[sequence] = nanos;
            agesMs[sequence] = ageMs;
            lastArrivalNanos = Math.max(lastArrivalNanos, nanos);
            count++;
            notifyAll();
        }

        synchronized int count() {
            return count;
        }

        /** Waits until every expected event came out, or {@code timeout} passed without any new one. */
        synchronized boolean awaitAll(Duration idleTimeout) throws InterruptedException {
            long idleNanos = idleTimeout.toNanos();
            int seen = count;
            long lastProgress = System.nanoTime();
            while (count < arrivedNanos.length) {
                long left = lastProgress + idleNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
                if (count > seen) {
                    seen = count;
                    lastProgress = System.nanoTime();
                }
            }
            return true;
        }

        /**
         * Every event of the phase over the time from its first send to its last arrival; not a measurement unless
         * every expected event came out.
         */
        synchronized Rate rate() {
            long elapsed = Math.max(0, lastArrivalNanos - startNanos);
            return count == arrivedNanos.length ? Rate.ofNanos(count, elapsed)
                    : Rate.shortOf(count, elapsed, arrivedNanos.length);
        }

        /** Ages of the events sent after the first {@code skipShare} of the phase (warm-up excluded). */
        synchronized long[] agesAfter(double skipShare) {
            int from = (int) (arrivedNanos.length * skipShare);
            return IntStream.range(from, arrivedNanos.length).filter(i -> arrivedNanos[i] >= 0)
                    .mapToLong(i -> agesMs[i]).toArray();
        }
    }
}
