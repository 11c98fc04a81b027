package io.nlpstream.topology.assembly;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.InputSettings;
import io.nlpstream.topology.InvalidTopologySettingsException;
import io.nlpstream.topology.ModelSet;
import io.nlpstream.topology.ModelStep;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.ResponseBaseSettings;
import io.nlpstream.topology.StreamsConfigs;
import io.nlpstream.topology.Topic;
import io.nlpstream.topology.TopologyListener;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.enrich.AnswerRunner;
import io.nlpstream.topology.enrich.BufferedEventSerde;
import io.nlpstream.topology.decision.DecisionPolicy;
import io.nlpstream.topology.decision.FlagSource;
import io.nlpstream.topology.enrich.ClassifyRunner;
import io.nlpstream.topology.enrich.Delivery;
import io.nlpstream.topology.enrich.DecodeProcessor;
import io.nlpstream.topology.enrich.EventAdmission;
import io.nlpstream.topology.enrich.EventValidator;
import io.nlpstream.topology.enrich.MicroBatchProcessor;
import io.nlpstream.topology.enrich.RecognizeRunner;
import io.nlpstream.topology.enrich.Routed;
import io.nlpstream.topology.enrich.StepRunner;
import io.nlpstream.topology.enrich.StepRunners;
import io.nlpstream.topology.enrich.ValidEvent;
import io.nlpstream.topology.ranking.CachedEmbedding;
import io.nlpstream.topology.ranking.CachedEmbeddingSerde;
import io.nlpstream.topology.ranking.GlobalEmbeddingsUpdater;
import io.nlpstream.topology.ranking.RankRunner;
import io.nlpstream.topology.ranking.RerankRunner;
import io.nlpstream.topology.ranking.ResponseBaseView;
import io.nlpstream.topology.ranking.ResponseEmbeddingProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the enrichment topology into a {@link StreamsBuilder}; how it runs (Properties) is
 * {@link StreamsConfigs}' concern.
 *
 * <p>Per pipeline {@code p}: {@code p.source} (all input topics, bytes) → {@code p.decode}
 * ({@link DecodeProcessor}) → valid events → {@code p.batch} ({@link MicroBatchProcessor}, store
 * {@code p.batch-buffer}) → {@code p.output}; dead letters of either processor → {@code p.dead-letters.decode} /
 * {@code p.dead-letters.enrich} (both the pipeline's dead-letter topic).
 *
 * <p>With a response base: {@code response-base.source} → {@code response-base.embed}
 * ({@link ResponseEmbeddingProcessor}, persistent store {@value #RESPONSE_CACHE_STORE}) →
 * {@code response-base.publish} (the embeddings topic), which feeds the global store {@value #RESPONSE_BASE_STORE}
 * on every instance, read by ranking steps and {@link ResponseBaseView}.
 */
public final class EnrichmentTopology {
    /** The persistent, changelogged cache of response embeddings (one partition's share per task). */
    public static final String RESPONSE_CACHE_STORE = "response-base.embedding-cache";
    /** The global store holding every response's embedding on every instance. */
    public static final String RESPONSE_BASE_STORE = ResponseBaseView.STORE_NAME;

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    private EnrichmentTopology() {
    }

    /** The buffer store of a pipeline's micro-batch processor. */
    public static String bufferStoreName(String pipeline) {
        return pipeline + ".batch-buffer";
    }

    public static TopologyTopics build(StreamsBuilder builder, EnrichmentSettings settings, ModelSet models) {
        return build(builder, settings, models, TopologyListener.NO_OP);
    }

    /**
     * Adds every pipeline and the response base to {@code builder}.
     *
     * @throws InvalidTopologySettingsException when a step names a model {@code models} lacks
     */
    public static TopologyTopics build(StreamsBuilder builder, EnrichmentSettings settings, ModelSet models,
                                       TopologyListener listener) {
        TopologyTopics topics = TopologyTopics.of(settings);
        settings.responseBaseSettings().ifPresent(rb -> addResponseBase(builder, rb, models, topics, listener));
        for (PipelineSettings pipeline : settings.pipelines()) {
            addPipeline(builder, pipeline, settings.serdes(), models, topics.pipeline(pipeline.name()), listener);
        }
        return topics;
    }

    private static void addPipeline(StreamsBuilder builder, PipelineSettings p, EventSerdes serdes, ModelSet models,
                                    TopologyTopics.PipelineTopics topics, TopologyListener listener) {
        String n = p.name();
        Map<String, Deserializer<TextEvent>> deserializers = new LinkedHashMap<>();
        for (InputSettings input : p.inputs()) {
            deserializers.put(input.topic(), serdes.inputDeserializer(input));
        }
        List<String> decisionProblems = p.decisions().problems(flagSources(p, models), p.outputTopic());
        StepRunners runners = stepRunners(p, models);
        if (!decisionProblems.isEmpty()) {
            throw new InvalidTopologySettingsException("pipeline '" + n + "' decisions: "
                    + String.join(" ", decisionProblems));
        }
        String store = bufferStoreName(n);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.Long(),
                        new BufferedEventSerde())
                .withCachingEnabled()
                .withLoggingEnabled(bufferChangelogConfig(p.limits())));
        EventAdmission admission = new EventAdmission(deserializers, new EventValidator(p.textLimit(), p.limits()),
                p.limits());

        String deadLetters = topics.deadLetters().name();
        KStream<byte[], Routed<ValidEvent>> decoded = builder
                .stream(p.inputTopics(), Consumed.with(BYTES, BYTES).withName(n + ".source"))
                .process(() -> new DecodeProcessor(n, admission, listener), Named.as(n + ".decode"));
        route(decoded, n + ".decoded-", deadLetters, n + ".dead-letters.decode", valid -> {
            KStream<byte[], Routed<Delivery>> enriched = valid.process(() -> new MicroBatchProcessor(n, store,
                    p.batch(), runners, p.modelErrors(), topics.output(), admission, listener,
                    new DecisionPolicy(p.decisions())), Named.as(n + ".batch"), store);
            // One sink for the output and every route topic: each delivery names its topic.
            route(enriched, n + ".enriched-", deadLetters, n + ".dead-letters.enrich",
                    ok -> ok.to((key, delivery, context) -> delivery.topic(),
                            Produced.with(BYTES, Delivery.valueSerde()).withName(n + ".output")));
        });
    }

    /**
     * Topic configs of a pipeline's buffer changelog: it must take the largest record the buffer writes, and it
     * stays cheap to restore. Only events still buffered at a commit are written (see {@link MicroBatchProcessor}),
     * each followed by a tombstone once forwarded; compaction then keeps just what is buffered, if segments roll
     * and tombstones go soon: an hour-long segment or 64 MiB, whichever first, and tombstones kept an hour (far
     * longer than any restore takes to pass them). Kafka Streams applies these when it creates the topic; an
     * existing changelog keeps its configs (see docs/topology.md).
     */
    static Map<String, String> bufferChangelogConfig(EventLimits limits) {
        return Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(limits.maxRecordBytes()),
                TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(Math.max(64 * 1024 * 1024,
                        2 * limits.maxRecordBytes())),
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
                TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()));
    }

    /**
     * Sends the dead letters of {@code stream} (original value bytes, headers already set) to the dead-letter topic
     * and hands the passing values to {@code next}. Node names start with {@code prefix}.
     */
    private static <T> void route(KStream<byte[], Routed<T>> stream, String prefix, String deadLetterTopic,
                                  String deadLetterSink, Consumer<KStream<byte[], T>> next) {
        stream.split(Named.as(prefix))
                .branch((k, v) -> v.isDead(), Branched.withConsumer(dead -> dead
                        .mapValues(v -> ((Routed.Dead<T>) v).originalValue(), Named.as(prefix + "dead-value"))
                        .to(deadLetterTopic, bytesTo(deadLetterSink)), "dead"))
                .defaultBranch(Branched.withConsumer(pass -> next.accept(
                        pass.mapValues(v -> ((Routed.Pass<T>) v).value(), Named.as(prefix + "value"))), "pass"));
    }

    /** A fresh {@code Produced} per sink: {@code Produced.withName} mutates its instance. */
    private static Produced<byte[], byte[]> bytesTo(String sinkName) {
        return Produced.with(BYTES, BYTES).withName(sinkName);
    }

    /** What each model of {@code p} can flag, from the loaded models' tasks and labels. */
    public static List<FlagSource> flagSources(PipelineSettings p, ModelSet models) {
        List<FlagSource> sources = new ArrayList<>();
        for (ModelStep step : p.steps()) {
            ModelInfo info;
            if (step instanceof ModelStep.Classify) {
                info = models.classifier(step.model()).info();
            } else if (step instanceof ModelStep.Recognize) {
                info = models.tokenClassifier(step.model()).info();
            } else if (step instanceof ModelStep.Answer) {
                info = models.answerer(step.model()).info();
            } else {
                info = models.embedder(step.model()).info();
            }
            sources.add(FlagSource.of(step.model(), info.task(), info.labels()));
        }
        return sources;
    }

    /** Opens runners per task; {@link #flagSources} resolves the models at build time, so a missing one fails it. */
    private static StepRunners stepRunners(PipelineSettings p, ModelSet models) {
        requireOneLabelRerankers(p, models);
        return ctx -> openSteps(p, models, version -> new ResponseBaseView(
                ctx.<KeyValueStore<String, CachedEmbedding>>getStateStore(RESPONSE_BASE_STORE), version));
    }

    /** A ranking step's cross-encoder scores a pair with one label: checked when the topology is built. */
    private static void requireOneLabelRerankers(PipelineSettings p, ModelSet models) {
        for (ModelStep step : p.steps()) {
            if (step instanceof ModelStep.Rank rank && rank.reranker() != null) {
                TextClassifier crossEncoder = models.classifier(rank.reranker());
                if (crossEncoder.info().labels().size() != 1) {
                    throw new InvalidTopologySettingsException("pipeline '" + p.name() + "' reranks with '"
                            + rank.reranker() + "', which has " + crossEncoder.info().labels().size()
                            + " labels; a cross-encoder scores a pair with one");
                }
            }
        }
    }

    /**
     * The step runners of {@code p}, in step order, outside a topology too (the HTTP decision preview runs a text
     * through them as the stream would).
     *
     * @param responseBase the response base as seen by a ranking step's model version; asked only when a ranking
     *                     step's runner is made
     */
    public static List<StepRunner<?>> openSteps(PipelineSettings p, ModelSet models,
                                                Function<String, ResponseBaseView> responseBase) {
        List<StepRunner<?>> runners = new ArrayList<>();
        for (ModelStep step : p.steps()) {
            if (step instanceof ModelStep.Classify c) {
                runners.add(new ClassifyRunner(c.model(), models.classifier(c.model()), c.options(), c.pair()));
            } else if (step instanceof ModelStep.Recognize r) {
                runners.add(new RecognizeRunner(r.model(), models.tokenClassifier(r.model()), r.options()));
            } else if (step instanceof ModelStep.Answer a) {
                runners.add(new AnswerRunner(a.model(), models.answerer(a.model()), a.options()));
            } else if (step instanceof ModelStep.Rank rank) {
                TextEmbedder model = models.embedder(rank.model());
                TextClassifier crossEncoder = rank.reranker() == null ? null : models.classifier(rank.reranker());
                ResponseBaseView view = responseBase.apply(model.info().version());
                runners.add(crossEncoder == null ? new RankRunner(rank.model(), model, rank.k(), view)
                        : new RerankRunner(rank.model(), model, crossEncoder, rank.k(), view));
            }
        }
        return runners;
    }

    private static void addResponseBase(StreamsBuilder builder, ResponseBaseSettings rb, ModelSet models,
                                        TopologyTopics topics, TopologyListener listener) {
        TextEmbedder embedder = models.embedder(rb.model());
        TopologyTopics.ResponseBaseTopics t = topics.responseBase().orElseThrow();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RESPONSE_CACHE_STORE),
                Serdes.String(), new CachedEmbeddingSerde()).withCachingDisabled().withLoggingEnabled(Map.of()));
        builder.stream(t.responses().name(), Consumed.with(t.responses().keySerde(), t.responses().valueSerde())
                        .withName("response-base.source"))
                .process(() -> new ResponseEmbeddingProcessor(RESPONSE_CACHE_STORE, embedder, rb.embedTimeout(),
                        rb.sweepInterval(), listener), Named.as("response-base.embed"), RESPONSE_CACHE_STORE)
                .to(t.embeddings().name(), Produced.with(t.embeddings().keySerde(), t.embeddings().valueSerde())
                        .withName("response-base.publish"));
        // A global store is restored from its source topic, so it must not have a changelog of its own.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RESPONSE_BASE_STORE),
                        Serdes.String(), new CachedEmbeddingSerde()).withLoggingDisabled(),
                t.embeddings().name(),
                Consumed.with(t.embeddings().keySerde(), t.embeddings().valueSerde())
                        .withName("response-base.global-source"),
                () -> new GlobalEmbeddingsUpdater(RESPONSE_BASE_STORE));
    }
}
