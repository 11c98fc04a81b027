package io.nlpstream.tools.bench;

import java.time.Duration;
import java.util.List;

import io.nlpstream.tools.bench.BenchResults.LoadPoint;

/**
 * Drives one running Kafka path (ours or the per-record consumer): writes a burst of events at once and measures how
 * fast it drains, and offers load at fixed rates and measures latency.
 */
final class KafkaLoadDriver implements AutoCloseable {
    /** Latency leaves out the first tenth of a phase's events (queueing behind the start of the phase). */
    static final double SKIP_SHARE = 0.1;
    /** A phase that produces nothing new for this long has stalled. */
    static final Duration STALL = Duration.ofSeconds(60);

    private final String inputTopic;
    private final BenchTraffic traffic;
    private final OutputWatch watch;

    KafkaLoadDriver(String bootstrapServers, String inputTopic, String outputTopic, int partitions,
                    List<String> texts) {
        this.inputTopic = inputTopic;
        this.traffic = new BenchTraffic(bootstrapServers, texts);
        this.watch = new OutputWatch(bootstrapServers, outputTopic, partitions);
    }

    /** Writes {@code events} events at once, far faster than the path takes them; measure with {@link #drained}. */
    OutputWatch.Phase backlog(String phase, int events) {
        OutputWatch.Phase expected = watch.expect(phase, events);
        traffic.backlog(inputTopic, phase, events);
        return expected;
    }

    /** Writes one event per text of {@code burst} at once; measure with {@link #drained}. */
    OutputWatch.Phase backlog(String phase, List<String> burst) {
        OutputWatch.Phase expected = watch.expect(phase, burst.size());
        traffic.backlog(inputTopic, phase, burst);
        return expected;
    }

    /**
     * Throughput while the backlog drained (input waiting faster than inference): every event of the burst over the
     * time from its first send to its last output; not a measurement when the path stalled before all came out.
     */
    Rate drained(OutputWatch.Phase phase) throws InterruptedException {
        phase.awaitAll(STALL);
        return phase.rate();
    }

    /** Offers {@code ratePerSecond} for {@code duration}, then waits for every event to come out. */
    LoadPoint offer(String phase, double share, double ratePerSecond, Duration duration) throws InterruptedException {
        int events = Math.max(1, (int) Math.round(ratePerSecond * duration.toNanos() / 1e9));
        OutputWatch.Phase expected = watch.expect(phase, events);
        traffic.paced(inputTopic, phase, ratePerSecond, events);
        expected.awaitAll(STALL);
        return new LoadPoint(share, ratePerSecond, expected.rate(), LatencySummary.of(expected.agesAfter(SKIP_SHARE)));
    }

    @Override
    public void close() throws InterruptedException {
        traffic.close();
        watch.close();
    }
}
