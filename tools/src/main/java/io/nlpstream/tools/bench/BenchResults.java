package io.nlpstream.tools.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.nlpstream.tools.support.NearestRank;

/**
 * Every figure of one benchmark run; the table, the JSON and the plot are views of it.
 *
 * @param embeddingModel      the feature-extraction model of the Kafka paths and the LangChain4j comparison
 * @param classifierModel     the text-classification model of the DJL comparison
 * @param ceilings            raw ONNX Runtime throughput per model and batch size
 * @param batcherEmbedding    our dynamic batcher alone (no Kafka), embedding model
 * @param batcherClassifier   our dynamic batcher alone, classification model
 * @param endToEnd            our service through the embedded broker, embedding model
 * @param perRecord           the naive Kafka Streams consumer (one model call per record in {@code mapValues})
 * @param langchain4j         LangChain4j's in-process MiniLM, {@code embedAll}
 * @param djl                 DJL's ONNX Runtime engine with its HuggingFace translator, {@code batchPredict}
 * @param cache               our service end to end with its result cache on and off, by share of repeated texts
 */
public record BenchResults(Environment environment, CorpusStats corpus, String embeddingModel,
                           String classifierModel, List<ModelCeiling> ceilings, BatcherRun batcherEmbedding,
                           BatcherRun batcherClassifier, EndToEnd endToEnd, Rate perRecord, Rate langchain4j,
                           Rate djl, List<CacheRun> cache) {

    public BenchResults {
        ceilings = List.copyOf(ceilings);
        cache = List.copyOf(cache);
    }

    /** The cache comparison at one repeat share, if it was measured. */
    public Optional<CacheRun> cacheAt(double repeatShare) {
        return cache.stream().filter(c -> Math.abs(c.repeatShare() - repeatShare) < 1e-9).findFirst();
    }

    /**
     * Draining bursts end to end with a share of repeated texts, the result cache on against off.
     *
     * @param repeatShare the share of each burst's events whose text came earlier in the burst
     */
    public record CacheRun(double repeatShare, Rate on, Rate off) {
        /** On over off; NaN when a side was not measured. */
        public double ratio() {
            return on.ratioTo(off);
        }

        /** What the ratio approaches when a hit costs nothing and a miss everything: 1 / (1 - share). */
        public double ideal() {
            return 1 / (1 - repeatShare);
        }
    }

    /** The ceiling of one model, if it was measured. */
    public Optional<ModelCeiling> ceiling(String model) {
        return ceilings.stream().filter(c -> c.model().equals(model)).findFirst();
    }

    public Ratios ratios() {
        return Ratios.of(this);
    }

    /**
     * Where and how the run happened: measurements on shared cores are only comparable within one run.
     *
     * @param loadBefore the one-minute system load average when the run started (-1 when unknown)
     * @param loadAfter  the same when it ended
     */
    public record Environment(String plan, int cores, String jvm, String os, long maxHeapBytes, double loadBefore,
                              double loadAfter, String sessionSettings, String batcherSettings,
                              String startedAt, double wallSeconds) {
    }

    /** Token counts of the corpus under the embedding model's tokenizer (special tokens included, truncated). */
    public record CorpusStats(int texts, double meanTokens, int p50Tokens, int p90Tokens, int maxTokens) {
        public static CorpusStats of(int[] tokenCounts) {
            int[] sorted = tokenCounts.clone();
            java.util.Arrays.sort(sorted);
            int n = sorted.length;
            if (n == 0) {
                return new CorpusStats(0, 0, 0, 0, 0);
            }
            return new CorpusStats(n, java.util.Arrays.stream(sorted).average().orElse(0),
                    NearestRank.of(sorted, 50), NearestRank.of(sorted, 90), sorted[n - 1]);
        }
    }

    /** One point of a ceiling: sequences and real (unpadded) tokens per second at one batch size. */
    public record CeilingPoint(int batchSize, Rate sequences, double tokensPerSecond, double paddingEfficiency) {
    }

    public record ModelCeiling(String model, String task, List<CeilingPoint> points) {
        public ModelCeiling {
            points = List.copyOf(points);
        }

        /** The measured batch size with the highest sequence throughput (the first point when none was measured). */
        public CeilingPoint best() {
            return points.stream().filter(p -> p.sequences().isMeasured())
                    .max(Comparator.comparingDouble(p -> p.sequences().perSecond())).orElse(points.get(0));
        }
    }

    /**
     * A closed-loop run through the dynamic batcher: callers keep {@code inFlight} requests outstanding.
     *
     * @param meanBatchSize      sequences per model call
     * @param paddingEfficiency  real over padded tokens, over all calls
     */
    public record BatcherRun(Rate rate, int inFlight, double meanBatchSize, double paddingEfficiency) {
    }

    /** Load offered at a fixed rate and what came out. */
    public record LoadPoint(double shareOfMax, double offeredPerSecond, Rate achieved, LatencySummary latency) {
    }

    /**
     * @param max           throughput while draining bursts of input (far faster than inference)
     * @param drain         where the service's time went while it drained
     * @param heapPeakBytes the most heap in use, sampled while the Kafka paths ran
     */
    public record EndToEnd(Rate max, Breakdown drain, List<LoadPoint> loadPoints, long heapPeakBytes,
                           int partitions, int streamThreads, int microBatchSize) {
        public EndToEnd {
            loadPoints = List.copyOf(loadPoints);
        }
    }

    /**
     * The service's own meters over a run.
     *
     * @param meanMicroBatch  events per micro-batch flush
     * @param meanModelBatch  sequences per model call
     * @param modelBusyShare  model-call time over wall time; above 1 when workers run calls in parallel
     */
    public record Breakdown(double meanMicroBatch, double meanModelBatch, double modelBusyShare) {
        public static final Breakdown NONE = new Breakdown(0, 0, 0);
    }
}
