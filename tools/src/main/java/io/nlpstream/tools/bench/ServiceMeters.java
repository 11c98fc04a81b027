package io.nlpstream.tools.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nlpstream.app.metrics.ServiceMetrics;

/**
 * Where the service's time went while a backlog drained, from its own meters (docs/app.md, Metrics): how large its
 * micro-batches and model calls were and how much model-call time there was per second of wall time (above 1 when
 * several workers run calls in parallel). Little model time means the bottleneck is elsewhere (Kafka, the stream
 * thread), not inference.
 */
final class ServiceMeters {
    /** Totals summed over every pipeline and model: at one moment ({@link #take}), or over runs (differences). */
    record Totals(long nanos, long flushes, double flushedEvents, long modelCalls, double sequences,
                  double inferenceNanos) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

        static Totals take(MeterRegistry registry) {
            long flushes = 0;
            double events = 0;
            for (DistributionSummary s : registry.find(ServiceMetrics.MICRO_BATCH_SIZE).summaries()) {
                flushes += s.count();
                events += s.totalAmount();
            }
            long calls = 0;
            double sequences = 0;
            for (DistributionSummary s : registry.find(ServiceMetrics.BATCH_SIZE).summaries()) {
                calls += s.count();
                sequences += s.totalAmount();
            }
            double inference = 0;
            for (Timer t : registry.find(ServiceMetrics.INFERENCE_LATENCY).timers()) {
                inference += t.totalTime(TimeUnit.NANOSECONDS);
            }
            return new Totals(System.nanoTime(), flushes, events, calls, sequences, inference);
        }

        Totals minus(Totals earlier) {
            return new Totals(nanos - earlier.nanos, flushes - earlier.flushes, flushedEvents - earlier.flushedEvents,
                    modelCalls - earlier.modelCalls, sequences - earlier.sequences,
                    inferenceNanos - earlier.inferenceNanos);
        }

        Totals plus(Totals other) {
            return new Totals(nanos + other.nanos, flushes + other.flushes, flushedEvents + other.flushedEvents,
                    modelCalls + other.modelCalls, sequences + other.sequences,
                    inferenceNanos + other.inferenceNanos);
        }

        /** Read as differences: means per flush and per call, and model time over wall time. */
        BenchResults.Breakdown breakdown() {
            return new BenchResults.Breakdown(flushes == 0 ? 0 : flushedEvents / flushes,
                    modelCalls == 0 ? 0 : sequences / modelCalls, nanos <= 0 ? 0 : inferenceNanos / nanos);
        }
    }

    private ServiceMeters() {
    }
}
