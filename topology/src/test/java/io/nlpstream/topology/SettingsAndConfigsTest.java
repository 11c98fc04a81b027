package io.nlpstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.topology.assembly.EnrichmentTopology;
import io.nlpstream.topology.deadletter.DeadLetterDeserializationHandler;
import io.nlpstream.topology.deadletter.DeadLetterHandlerConfig;
import io.nlpstream.topology.deadletter.DeadLetterProcessingHandler;
import io.nlpstream.topology.deadletter.DeadLetterProductionHandler;
import io.nlpstream.topology.support.FakeModels;
import io.nlpstream.topology.support.FramedTestFormat;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class SettingsAndConfigsTest {
    static final EventSerdes SERDES = EventSerdes.of(FramedTestFormat.textEvents(), FramedTestFormat.enrichedEvents());
    static final List<ModelStep> CLASSIFY = List.of(new ModelStep.Classify("sentiment", ClassificationOptions.DEFAULTS));

    static PipelineSettings pipeline(String name, String input) {
        return PipelineSettings.of(name, List.of(input), name + "-out", name + "-dlq", CLASSIFY);
    }

    @Test
    void rejectsSettingsThatCannotMakeATopology() {
        assertThatThrownBy(() -> new EnrichmentSettings(List.of(pipeline("a", "in"), pipeline("a", "in2")), null,
                SERDES)).hasMessageContaining("two pipelines are named 'a'");
        assertThatThrownBy(() -> new EnrichmentSettings(List.of(pipeline("a", "in"), pipeline("b", "in")), null,
                SERDES)).hasMessageContaining("'in' is read by two pipelines");
        PipelineSettings ranking = PipelineSettings.of("r", List.of("q"), "o", "d",
                List.of(new ModelStep.Rank("minilm", 3)));
        assertThatThrownBy(() -> new EnrichmentSettings(List.of(ranking), null, SERDES))
                .hasMessageContaining("no response base");
        assertThatThrownBy(() -> new EnrichmentSettings(List.of(ranking),
                ResponseBaseSettings.of("base", "other"), SERDES)).hasMessageContaining("embedded with 'other'");
        assertThatThrownBy(() -> PipelineSettings.of("bad name", List.of("in"), "o", "d", CLASSIFY))
                .isInstanceOf(InvalidTopologySettingsException.class);
        assertThatThrownBy(() -> PipelineSettings.of("p", List.of("in"), "same", "same", CLASSIFY))
                .hasMessageContaining("one topic");
        assertThatThrownBy(() -> PipelineSettings.of("p", List.of(), "o", "d", CLASSIFY))
                .hasMessageContaining("no input topic");
        assertThatThrownBy(() -> new BatchSettings(0, Duration.ofMillis(5), Duration.ofSeconds(1)))
                .isInstanceOf(InvalidTopologySettingsException.class);
        assertThatThrownBy(() -> new TextLimit(0, OverLengthPolicy.REJECT))
                .isInstanceOf(InvalidTopologySettingsException.class);
    }

    @Test
    void aStepNamingAMissingModelFailsTheBuild() {
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline("a", "in")), null, SERDES);
        assertThatThrownBy(() -> EnrichmentTopology.build(new StreamsBuilder(), settings, ModelSet.builder().build()))
                .isInstanceOf(InvalidTopologySettingsException.class)
                .hasMessageContaining("no text classifier named 'sentiment'");
    }

    @Test
    void everyProcessorAndStoreHasAnExplicitName() {
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline("a", "in"),
                PipelineSettings.of("r", List.of("q"), "r-out", "r-dlq", List.of(new ModelStep.Rank("minilm", 2)))),
                ResponseBaseSettings.of("base", "minilm"), SERDES);
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentTopology.build(builder, settings, ModelSet.builder()
                .classifier("sentiment", new FakeModels.Sentiment())
                .embedder("minilm", new FakeModels.Letters("v")).build());
        TopologyDescription description = builder.build().describe();
        List<String> names = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .map(TopologyDescription.Node::name).toList();
        assertThat(names).contains("a.source", "a.decode", "a.batch", "a.output", "a.dead-letters.decode",
                "a.dead-letters.enrich", "r.batch", "response-base.source", "response-base.embed",
                "response-base.publish");
        assertThat(names).noneMatch(n -> n.startsWith("KSTREAM-") || n.startsWith("KTABLE-"));
        assertThat(description.globalStores()).singleElement().satisfies(g ->
                assertThat(g.processor().stores()).containsExactly(EnrichmentTopology.RESPONSE_BASE_STORE));
        assertThat(description.toString()).contains("a.batch-buffer", EnrichmentTopology.RESPONSE_CACHE_STORE);
    }

    @Test
    void streamsConfigsSetExactlyOnceTheHandlersTheirRoutesAndAPollIntervalAboveTheSlowestFlush() {
        PipelineSettings slow = pipeline("slow", "in2").withBatch(new BatchSettings(8, Duration.ofSeconds(1),
                Duration.ofMinutes(2)));
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline("a", "in"), slow), null, SERDES);
        Properties props = StreamsConfigs.forTopology("app", "broker:9092", settings, TopologyListener.NO_OP);

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterDeserializationHandler.class);
        assertThat(props.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterProcessingHandler.class);
        assertThat(props.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterProductionHandler.class);
        assertThat(props.get(DeadLetterHandlerConfig.ROUTES))
                .isEqualTo("a-out=a-dlq,in=a-dlq,in2=slow-dlq,slow-out=slow-dlq");
        assertThat(props.get(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)))
                .isEqualTo((int) Duration.ofSeconds(363).toMillis());
        // A transaction outlives the slowest flush: 3 x (1 s + 2 min), not Kafka Streams' 10 s.
        assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)))
                .isEqualTo((int) Duration.ofSeconds(363).toMillis());
        assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
                .isEqualTo(1024 * 1024);
        // Accepted by Kafka Streams as a whole.
        assertThat(new StreamsConfig(props).getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app");
    }

    @Test
    void theTransactionTimeoutFollowsTheBatchSettingsAndNeverDropsBelowKafkaStreamsOwn() {
        EnrichmentSettings fast = new EnrichmentSettings(List.of(pipeline("a", "in").withBatch(
                new BatchSettings(8, Duration.ofMillis(50), Duration.ofSeconds(2)))), null, SERDES);
        assertThat(StreamsConfigs.transactionTimeout(fast)).isEqualTo(Duration.ofSeconds(10));
        EnrichmentSettings defaults = new EnrichmentSettings(List.of(pipeline("a", "in")), null, SERDES);
        assertThat(StreamsConfigs.transactionTimeout(defaults)).isEqualTo(Duration.ofMillis(3 * 30_050));
        EnrichmentSettings ranking = new EnrichmentSettings(List.of(pipeline("a", "in")),
                new ResponseBaseSettings("base", "base-embeddings", "minilm", Duration.ofMinutes(1),
                        Duration.ofSeconds(1)), SERDES);
        assertThat(StreamsConfigs.transactionTimeout(ranking)).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void overridesThatBreakTheTransactionOrRecordSizeBudgetAreRefusedWithTheirNumbers() {
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline("a", "in")
                .withLimits(new EventLimits(2_000_000, 1000, 65536))), null, SERDES);
        Properties props = StreamsConfigs.forTopology("app", "broker:9092", settings, TopologyListener.NO_OP);
        StreamsConfigs.requireFits(props, settings);

        Properties shortTransactions = (Properties) props.clone();
        shortTransactions.put("producer.transaction.timeout.ms", "10000");
        assertThatThrownBy(() -> StreamsConfigs.requireFits(shortTransactions, settings))
                .isInstanceOf(InvalidTopologySettingsException.class)
                .hasMessage("producer.transaction.timeout.ms is 10000 ms, below the 90150 ms the batch settings need"
                        + " (3 x the longest batch.max-wait + batch.timeout): a slow batch would get the producer"
                        + " fenced");
        shortTransactions.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        StreamsConfigs.requireFits(shortTransactions, settings);

        Properties smallRequests = (Properties) props.clone();
        smallRequests.put("producer.max.request.size", 1048576);
        assertThatThrownBy(() -> StreamsConfigs.requireFits(smallRequests, settings))
                .hasMessage("producer.max.request.size is 1048576 bytes, below the 2016384 bytes the largest record"
                        + " a pipeline writes may take (limits.max-event-bytes + 16384)");
    }

    @Test
    void eventLimitsRejectNonsense() {
        assertThatThrownBy(() -> new EventLimits(100, 10, 10)).hasMessageContaining("max event bytes must be >= 1024");
        assertThatThrownBy(() -> new EventLimits(2048, 0, 10)).hasMessageContaining("question");
        assertThatThrownBy(() -> new EventLimits(2048, 10, 4096)).hasMessageContaining("max metadata bytes");
        assertThat(EventLimits.DEFAULTS.maxRecordBytes()).isLessThanOrEqualTo(1024 * 1024);
    }
}
