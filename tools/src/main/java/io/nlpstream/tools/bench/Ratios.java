package io.nlpstream.tools.bench;

import java.util.List;

/**
 * The comparisons of issue 7 and issue 18, each a throughput ratio taken within one run (same machine, same texts, same
 * model):
 *
 * <ul>
 *   <li>{@code batched_vs_per_record}: our end-to-end Kafka path over the per-record Kafka Streams consumer, both
 *       through the same embedded broker with the same embedding model and exactly-once processing;</li>
 *   <li>{@code e2e_vs_raw_ceiling}: our end-to-end Kafka path over the raw ONNX Runtime throughput of the same
 *       model at its best batch size (pre-tokenized, length-sorted batches, no Kafka);</li>
 *   <li>{@code vs_langchain4j_embedding}: our batcher alone over LangChain4j's {@code embedAll}, MiniLM;</li>
 *   <li>{@code vs_djl_classification}: our batcher alone over DJL's {@code batchPredict}, same ONNX classifier;</li>
 *   <li>{@code cache_at_50pct_repeats}, {@code cache_at_90pct_repeats} (issue 18): our end-to-end Kafka path with
 *       the embedding model's result cache on over the same with it off, on bursts where half (nine tenths) of the
 *       texts repeat one earlier in the burst; ideally 1 / (1 - share).</li>
 * </ul>
 *
 * <p>{@code batchingHeadroom} is what batching alone can add to the first: the embedding model's best ceiling over
 * its batch-1 ceiling. A ratio with an unmeasured side is NaN, which the reports print as "n/a".
 */
public record Ratios(double batchedVsPerRecord, double e2eVsRawCeiling, double vsLangchain4jEmbedding,
                     double vsDjlClassification, double batchingHeadroom, double cacheAt50pctRepeats,
                     double cacheAt90pctRepeats) {

    /** A ratio, the target it must reach, and whether it did; NaN when a side of it was not measured. */
    public record Check(String name, double value, double target) {
        public boolean measured() {
            return !Double.isNaN(value);
        }

        public boolean met() {
            return measured() && value >= target;
        }
    }

    public static final double TARGET_BATCHED_VS_PER_RECORD = 3.0;
    public static final double TARGET_E2E_VS_CEILING = 0.8;
    public static final double TARGET_VS_LANGCHAIN4J = 1.5;
    public static final double TARGET_VS_DJL = 1.3;
    public static final double TARGET_CACHE_AT_50PCT = 1.8;
    public static final double TARGET_CACHE_AT_90PCT = 5.0;

    public static Ratios of(BenchResults r) {
        return new Ratios(
                r.endToEnd().max().ratioTo(r.perRecord()),
                r.ceiling(r.embeddingModel()).map(c -> r.endToEnd().max().ratioTo(c.best().sequences()))
                        .orElse(Double.NaN),
                r.batcherEmbedding().rate().ratioTo(r.langchain4j()),
                r.batcherClassifier().rate().ratioTo(r.djl()),
                r.ceiling(r.embeddingModel()).map(Ratios::headroom).orElse(Double.NaN),
                r.cacheAt(0.5).map(BenchResults.CacheRun::ratio).orElse(Double.NaN),
                r.cacheAt(0.9).map(BenchResults.CacheRun::ratio).orElse(Double.NaN));
    }

    /**
     * The ceiling's best throughput over its batch-1 throughput: how much batching by itself can gain over one call
     * per record on this machine, before Kafka costs anything. Our path can go past it only by what is not batching
     * (parallel model calls, Kafka work overlapping inference).
     */
    static double headroom(BenchResults.ModelCeiling ceiling) {
        return ceiling.points().stream().filter(p -> p.batchSize() == 1).findFirst()
                .map(one -> ceiling.best().sequences().ratioTo(one.sequences()))
                .orElse(Double.NaN);
    }

    /** In the order of the issue, with the JSON names. */
    public List<Check> checks() {
        return List.of(
                new Check("batched_vs_per_record", batchedVsPerRecord, TARGET_BATCHED_VS_PER_RECORD),
                new Check("e2e_vs_raw_ceiling", e2eVsRawCeiling, TARGET_E2E_VS_CEILING),
                new Check("vs_langchain4j_embedding", vsLangchain4jEmbedding, TARGET_VS_LANGCHAIN4J),
                new Check("vs_djl_classification", vsDjlClassification, TARGET_VS_DJL),
                new Check("cache_at_50pct_repeats", cacheAt50pctRepeats, TARGET_CACHE_AT_50PCT),
                new Check("cache_at_90pct_repeats", cacheAt90pctRepeats, TARGET_CACHE_AT_90PCT));
    }
}
