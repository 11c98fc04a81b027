package io.nlpstream.app.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where the service's time went while a backlog drained, from its own meters (docs/app.md, Metrics): how large its
 * micro-batches and model calls were and how much of the wall time the model was busy. A model busy far less than
 * all the time means the bottleneck is elsewhere (Kafka, the stream thread), not inference.
 */
final class ServiceMeters {
    static final String MICRO_BATCH_SIZE = "nlpstream.micro.batch.size";
    static final String BATCH_SIZE = "nlpstream.batch.size";
    static final String INFERENCE_LATENCY = "nlpstream.inference.latency";

    /** Totals at one moment, summed over every pipeline and model. */
    record Snapshot(long nanos, long flushes, double flushedEvents, long modelCalls, double sequences,
                    double inferenceNanos) {
        static Snapshot take(MeterRegistry registry) {
            long flushes = 0;
            double events = 0;
            for (DistributionSummary s : registry.find(MICRO_BATCH_SIZE).summaries()) {
                flushes += s.count();
                events += s.totalAmount();
            }
            long calls = 0;
            double sequences = 0;
            for (DistributionSummary s : registry.find(BATCH_SIZE).summaries()) {
                calls += s.count();
                sequences += s.totalAmount();
            }
            double inference = 0;
            for (Timer t : registry.find(INFERENCE_LATENCY).timers()) {
                inference += t.totalTime(TimeUnit.NANOSECONDS);
            }
            return new Snapshot(System.nanoTime(), flushes, events, calls, sequences, inference);
        }

        /** What happened between {@code earlier} and this snapshot. */
        BenchResults.Breakdown since(Snapshot earlier) {
            long flushCount = flushes - earlier.flushes;
            long callCount = modelCalls - earlier.modelCalls;
            double wall = nanos - earlier.nanos;
            return new BenchResults.Breakdown(
                    flushCount == 0 ? 0 : (flushedEvents - earlier.flushedEvents) / flushCount,
                    callCount == 0 ? 0 : (sequences - earlier.sequences) / callCount,
                    wall <= 0 ? 0 : (inferenceNanos - earlier.inferenceNanos) / wall);
        }
    }

    private ServiceMeters() {
    }
}
