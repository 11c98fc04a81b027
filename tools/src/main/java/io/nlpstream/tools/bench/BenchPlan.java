package io.nlpstream.tools.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how much each part of the benchmark measures. {@link #quick()} fits in five minutes on two cores;
 * {@link #full()} measures each figure for longer, so it is less noisy. {@link #scaled} shrinks the times and counts
 * for tests, never the work a measured slice must complete: a rate is always completed work over the time it took.
 *
 * @param batchSizes     the batch sizes at which the raw ceiling is measured
 * @param ceilingPoint   measuring time of one (model, batch size) point of the ceiling
 * @param throughputRun  measuring time of a closed-loop throughput run (batcher alone, peers)
 * @param warmUp         run before each measurement and not counted
 * @param backlogEvents  events each Kafka path drains (in two bursts) to measure its maximum throughput
 * @param latencyRun     how long load is offered at each latency point
 * @param corpusSize     distinct texts in the corpus
 * @param ceilingTexts   texts of the corpus the ceiling runs, in whole passes, at every batch size
 * @param minSliceItems  the least work any measured slice completes (sequences, texts), however short its time
 * @param sliceLimit     the longest any slice runs; one that has not completed {@code minSliceItems} by then is
 *                       reported as not measured
 */
public record BenchPlan(String name, List<Integer> batchSizes, Duration ceilingPoint, Duration throughputRun,
                        Duration warmUp, int backlogEvents, Duration latencyRun, int corpusSize, int ceilingTexts,
                        int minSliceItems, Duration sliceLimit) {

    /** The shares of the end-to-end maximum at which latency is measured. */
    public static final List<Double> LATENCY_LOADS = List.of(0.5, 0.9);

    /** Two minutes: far beyond a slice's work on any machine that runs these models at all. */
    static final Duration SLICE_LIMIT = Duration.ofMinutes(2);

    public BenchPlan {
        batchSizes = List.copyOf(batchSizes);
        if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("batch sizes must be positive: " + batchSizes);
        }
        if (backlogEvents < 10 || corpusSize < 1 || ceilingTexts < 1) {
            throw new IllegalArgumentException("the backlog needs at least 10 events, the corpus and the ceiling "
                    + "one text");
        }
        if (minSliceItems < 1 || sliceLimit.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a slice must complete at least one item and may run at least 1 s");
        }
    }

    /** A slice of the ceiling at one batch size. */
    public Slice ceilingSlice() {
        return slice(ceilingPoint);
    }

    /** A warm-up slice (not counted). */
    public Slice warmUpSlice() {
        return slice(warmUp);
    }

    /** One of {@code rounds} slices that together measure a closed-loop throughput. */
    public Slice throughputSlice(int rounds) {
        return slice(throughputRun.dividedBy(rounds));
    }

    private Slice slice(Duration minTime) {
        return new Slice(minTime, minSliceItems, minTime.compareTo(sliceLimit) > 0 ? minTime : sliceLimit);
    }

    public static BenchPlan quick() {
        return new BenchPlan("quick", List.of(1, 2, 4, 8, 16, 32, 64), Duration.ofMillis(1500), Duration.ofSeconds(8),
                Duration.ofSeconds(2), 2000, Duration.ofSeconds(10), 2000, 512, 64, SLICE_LIMIT);
    }

    public static BenchPlan full() {
        return new BenchPlan("full", List.of(1, 2, 4, 8, 12, 16, 24, 32, 48, 64), Duration.ofSeconds(4),
                Duration.ofSeconds(20), Duration.ofSeconds(4), 6000, Duration.ofSeconds(30), 4000, 1024, 128,
                SLICE_LIMIT);
    }

    /**
     * Every duration and count multiplied by {@code factor} (events and texts at least 10); the work a slice must
     * complete and the slice limit stay as they are.
     */
    public BenchPlan scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("the scale must be positive: " + factor);
        }
        if (factor == 1.0) {
            return this;
        }
        return new BenchPlan(name + " x" + factor, batchSizes, scale(ceilingPoint, factor),
                scale(throughputRun, factor), scale(warmUp, factor), Math.max(10, (int) (backlogEvents * factor)),
                scale(latencyRun, factor), Math.max(10, (int) (corpusSize * factor)),
                Math.max(10, (int) (ceilingTexts * factor)), minSliceItems, sliceLimit);
    }

    public BenchPlan withBatchSizes(List<Integer> sizes) {
        return new BenchPlan(name, sizes, ceilingPoint, throughputRun, warmUp, backlogEvents, latencyRun,
                corpusSize, ceilingTexts, minSliceItems, sliceLimit);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.max(1_000_000, (long) (d.toNanos() * factor)));
    }
}
