package io.nlpstream.app.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.nlpstream.models.batch.BatchListener;
import io.nlpstream.models.cache.ResultCache;
import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's Micrometer meters (names in docs/app.md; the deployment's dashboard and alerts query them): what
 * the topology reports per pipeline, what each model's dynamic batcher reports per batch, and each model's result
 * cache. Meters are created
 * once per pipeline, reason or model and cached, so the per-record path only increments.
 */
@Singleton
public final class ServiceMetrics implements TopologyListener {
    static final String RECORDS_IN = "nlpstream.records.in";
    static final String RECORDS_OUT = "nlpstream.records.out";
    static final String DEAD_LETTERS = "nlpstream.dead.letters";
    static final String DECISIONS = "nlpstream.decisions";
    /** The {@code rule} tag of records no rule matched (allowed by default). */
    static final String NO_RULE = "none";
    static final String END_TO_END = "nlpstream.end.to.end.latency";
    public static final String MICRO_BATCH_SIZE = "nlpstream.micro.batch.size";
    static final String MICRO_BATCH_WAIT = "nlpstream.micro.batch.wait";
    public static final String BATCH_SIZE = "nlpstream.batch.size";
    static final String BATCH_PADDED_TOKENS = "nlpstream.batch.padded.tokens";
    static final String BATCH_PADDING_EFFICIENCY = "nlpstream.batch.padding.efficiency";
    public static final String INFERENCE_LATENCY = "nlpstream.inference.latency";
    static final String QUEUE_WAIT = "nlpstream.queue.wait";
    static final String BATCH_FAILURES = "nlpstream.batch.failures";
    public static final String STREAM_THREAD_REPLACEMENTS = "nlpstream.stream.thread.replacements";
    /**
     * Consumer lag per input partition, one of the Kafka clients' own metrics that {@link #bindKafkaStreams} exports
     * (the stream threads' main consumers have client ids ending {@code -StreamThread-N-consumer}).
     */
    public static final String CONSUMER_RECORDS_LAG = "kafka.consumer.fetch.manager.records.lag";
    public static final String CACHE_HITS = "nlpstream.cache.hits";
    public static final String CACHE_MISSES = "nlpstream.cache.misses";
    static final String CACHE_EVICTIONS = "nlpstream.cache.evictions";
    static final String CACHE_BYTES = "nlpstream.cache.bytes";
    static final String CACHE_ENTRIES = "nlpstream.cache.entries";
    public static final String EXECUTION_PROVIDER = "nlpstream.model.execution.provider";

    private record PipelineMeters(Counter in, Counter out, Timer endToEnd, DistributionSummary microBatchSize,
                                  Timer microBatchWait) {
    }

    private final MeterRegistry registry;
    private final Map<String, PipelineMeters> pipelines = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();

    private final Counter threadReplacements;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        // registered at start, so a rate over it exists before the first failure
        this.threadReplacements = Counter.builder(STREAM_THREAD_REPLACEMENTS)
                .description("Stream threads replaced after a failure").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Exports every metric of {@code streams}' clients (consumer lag included) through Micrometer's Kafka Streams
     * binder, which registers the metrics a client adds later (a partition's lag once it is assigned) within a
     * minute. Close the result when the streams close.
     */
    public KafkaStreamsMetrics bindKafkaStreams(KafkaStreams streams) {
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
        binder.bindTo(registry);
        return binder;
    }

    @Override
    public void recordIn(String pipeline) {
        pipeline(pipeline).in().increment();
    }

    @Override
    public void recordOut(String pipeline, Duration sinceTimestamp) {
        PipelineMeters meters = pipeline(pipeline);
        meters.out().increment();
        meters.endToEnd().record(sinceTimestamp);
    }

    @Override
    public void deadLetter(String pipeline, DeadLetterReason reason) {
        deadLetters.computeIfAbsent(pipeline + '\u0000' + reason.name(), k -> Counter.builder(DEAD_LETTERS)
                .description("Records sent to a dead-letter topic, by reason")
                .tag("pipeline", pipeline).tag("reason", reason.name()).register(registry)).increment();
    }

    @Override
    public void decided(String pipeline, String rule, String action) {
        String ruleTag = rule == null ? NO_RULE : rule;
        decisions.computeIfAbsent(pipeline + '\u0000' + ruleTag + '\u0000' + action, k -> Counter.builder(DECISIONS)
                .description("Enriched records decided, by the rule that matched and its action")
                .tag("pipeline", pipeline).tag("rule", ruleTag).tag("action", action).register(registry)).increment();
    }

    @Override
    public void batchFlushed(String pipeline, int size, Duration oldestWait) {
        PipelineMeters meters = pipeline(pipeline);
        meters.microBatchSize().record(size);
        meters.microBatchWait().record(oldestWait);
    }

    /** A stream thread failed and was replaced ({@code kafka.uncaught-exception-policy: REPLACE_THREAD}). */
    public void streamThreadReplaced() {
        threadReplacements.increment();
    }

    /**
     * Where a loaded model runs: a gauge of 1 tagged with the provider it runs on ({@code cpu}, {@code cuda}), the
     * one its configuration asked for ({@code requested}) and the CUDA device ({@code none} on CPU), so a pod that
     * fell back from CUDA to CPU is visible to an alert, not only in its log.
     */
    public void executionProvider(String model, String provider, String requested, String device) {
        Gauge.builder(EXECUTION_PROVIDER, () -> 1)
                .description("1 per loaded model: the execution provider it runs on, the one configured, the device")
                .tag("model", model).tag("provider", provider).tag("requested", requested).tag("device", device)
                .register(registry);
    }

    /** What one model's dynamic batcher reports, as the model's batch meters. */
    public BatchListener batchListener(String model) {
        DistributionSummary size = DistributionSummary.builder(BATCH_SIZE).description("Sequences per model call")
                .tag("model", model).publishPercentileHistogram().register(registry);
        DistributionSummary padded = DistributionSummary.builder(BATCH_PADDED_TOKENS).baseUnit("tokens")
                .description("Padded tokens (batch size x longest sequence) per model call")
                .tag("model", model).publishPercentileHistogram().register(registry);
        DistributionSummary efficiency = DistributionSummary.builder(BATCH_PADDING_EFFICIENCY)
                .description("Real tokens / padded tokens per model call").tag("model", model).register(registry);
        Timer inference = Timer.builder(INFERENCE_LATENCY).description("Model call latency")
                .tag("model", model).publishPercentileHistogram().register(registry);
        Timer queueWait = Timer.builder(QUEUE_WAIT).description("Time the oldest sequence of a batch waited")
                .tag("model", model).publishPercentileHistogram().register(registry);
        Counter failures = Counter.builder(BATCH_FAILURES).description("Model calls that failed")
                .tag("model", model).register(registry);
        return stats -> {
            size.record(stats.batchSize());
            padded.record(stats.paddedTokens());
            if (stats.paddedTokens() > 0) {
                efficiency.record((double) stats.realTokens() / stats.paddedTokens());
            }
            inference.record(stats.inferenceNanos(), TimeUnit.NANOSECONDS);
            queueWait.record(stats.queueWaitNanos(), TimeUnit.NANOSECONDS);
            if (stats.failed()) {
                failures.increment();
            }
        };
    }

    /** One model's result cache, read when scraped. */
    public void resultCache(String model, ResultCache cache) {
        FunctionCounter.builder(CACHE_HITS, cache, c -> c.stats().hits())
                .description("Requests answered from the model's result cache (stored or joining an identical one)")
                .tag("model", model).register(registry);
        FunctionCounter.builder(CACHE_MISSES, cache, c -> c.stats().misses())
                .description("Requests that ran the model").tag("model", model).register(registry);
        FunctionCounter.builder(CACHE_EVICTIONS, cache, c -> c.stats().evictions())
                .description("Results dropped to keep the cache within its bounds").tag("model", model)
                .register(registry);
        Gauge.builder(CACHE_BYTES, cache, c -> c.stats().bytes()).baseUnit("bytes")
                .description("Estimated heap of the cached keys and results").tag("model", model).register(registry);
        Gauge.builder(CACHE_ENTRIES, cache, c -> c.stats().entries())
                .description("Results in the cache").tag("model", model).register(registry);
    }

    private PipelineMeters pipeline(String name) {
        return pipelines.computeIfAbsent(name, p -> new PipelineMeters(
                Counter.builder(RECORDS_IN).description("Records read from the pipeline's input topics")
                        .tag("pipeline", p).register(registry),
                Counter.builder(RECORDS_OUT).description("Enriched records written to the pipeline's output")
                        .tag("pipeline", p).register(registry),
                Timer.builder(END_TO_END).description("Input record timestamp to enriched output")
                        .tag("pipeline", p).publishPercentileHistogram().register(registry),
                DistributionSummary.builder(MICRO_BATCH_SIZE).description("Events per micro-batch flush")
                        .tag("pipeline", p).register(registry),
                Timer.builder(MICRO_BATCH_WAIT).description("How long a flush's oldest event waited")
                        .tag("pipeline", p).register(registry)));
    }
}
