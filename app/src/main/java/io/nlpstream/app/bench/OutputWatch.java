package io.nlpstream.app.bench;

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

    /** Registers a phase before its events are sent; {@code expected} sizes its arrays. */
    Phase expect(String phase, int expected) {
        Phase created = new Phase(expected);
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

    /** What came out of one phase: arrival time and age per sequence number (duplicates are counted once). */
    static final class Phase {
        private final long[] arrivedNanos;
        private final long[] agesMs;
        private int count;

        Phase(int expected) {
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
         * Output throughput after the first {@code skipShare} of the events came out (start-up and warm-up), up to
         * the last one.
         */
        synchronized Rate drainRate(double skipShare) {
            long[] arrivals = Arrays.stream(arrivedNanos).filter(t -> t >= 0).sorted().toArray();
            if (arrivals.length < 2) {
                return Rate.NONE;
            }
            int from = Math.min(arrivals.length - 2, (int) (arrivals.length * skipShare));
            return Rate.ofNanos(arrivals.length - 1 - from, arrivals[arrivals.length - 1] - arrivals[from]);
        }

        /** Ages of the events sent after the first {@code skipShare} of the phase (warm-up excluded). */
        synchronized long[] agesAfter(double skipShare) {
            int from = (int) (arrivedNanos.length * skipShare);
            return IntStream.range(from, arrivedNanos.length).filter(i -> arrivedNanos[i] >= 0)
                    .mapToLong(i -> agesMs[i]).toArray();
        }

        /** Output throughput over the whole phase: first to last arrival. */
        synchronized Rate overallRate() {
            return drainRate(0);
        }
    }
}
