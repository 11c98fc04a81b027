package io.nlpstream.topology.assembly;

import static io.nlpstream.topology.support.Events.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.ModelSet;
import io.nlpstream.topology.ModelStep;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.StreamsConfigs;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.cache.CacheSettings;
import io.nlpstream.models.cache.CachedTextClassifier;
import io.nlpstream.models.cache.ResultCache;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.topology.support.CountingListener;
import io.nlpstream.topology.support.FakeModels;
import io.nlpstream.topology.support.FramedTestFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline whose classifier answers through a result cache, as the service wires every loaded model. */
class ResultCacheTopologyTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final int BATCH = 8;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    @TempDir
    Path stateDir;

    /** The fake sentiment model, answering on another thread as the real batcher does. */
    final FakeModels.Sentiment sentiment = new FakeModels.Sentiment();
    final TextClassifier asynchronous = new TextClassifier() {
        @Override
        public ModelInfo info() {
            return sentiment.info();
        }

        @Override
        public CompletableFuture<List<LabelScore>> classify(io.nlpstream.models.input.TextInput input,
                                                           ClassificationOptions options) {
            return CompletableFuture.supplyAsync(() -> sentiment.classify(input, options).join());
        }
    };
    final ResultCache cache = new ResultCache(CacheSettings.DEFAULTS);
    TopologyTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Runs the texts through a one-step pipeline of micro-batches of {@value #BATCH}; returns what it wrote. */
    List<EnrichedTextEvent> enrich(List<String> texts) {
        PipelineSettings pipeline = PipelineSettings.of("moderation", List.of("in"), "out", "dlq",
                        List.of(new ModelStep.Classify("sentiment", ClassificationOptions.DEFAULTS)))
                .withBatch(new BatchSettings(BATCH, MAX_WAIT, Duration.ofSeconds(60)));
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline), null,
                EventSerdes.of(FramedTestFormat.textEvents(), FramedTestFormat.enrichedEvents()));
        ModelSet models = ModelSet.builder().classifier("sentiment", new CachedTextClassifier(asynchronous, cache))
                .build();
        CountingListener listener = new CountingListener();
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentTopology.build(builder, settings, models, listener);
        Properties props = StreamsConfigs.forTopology("cache-test", "unused:9092", settings, listener);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", bytes, bytes, START, Duration.ZERO);
        TestOutputTopic<byte[], EnrichedTextEvent> out = driver.createOutputTopic("out",
                new ByteArrayDeserializer(), FramedTestFormat.enrichedEvents().deserializer());
        for (int i = 0; i < texts.size(); i++) {
            in.pipeInput(("k" + i).getBytes(StandardCharsets.UTF_8), FramedTestFormat.encode(text("e" + i,
                    texts.get(i))));
        }
        // the model answers on another thread: two idle punctuations wait for whatever is still running
        driver.advanceWallClockTime(MAX_WAIT);
        driver.advanceWallClockTime(MAX_WAIT);
        return out.readValuesToList();
    }

    @Test
    void givenABurstOfIdenticalTextsThenTheModelRunsOnceAndEveryEventGetsItsAnswer() {
        // two full micro-batches of one spam text: the first batch's duplicates join one run, the second hits
        List<EnrichedTextEvent> enriched = enrich(Collections.nCopies(2 * BATCH, "a good deal, click here"));

        assertThat(enriched).hasSize(2 * BATCH);
        assertThat(enriched).allSatisfy(e -> assertThat(e.getResults()).singleElement().satisfies(r -> {
            assertThat(r.getLabels()).extracting(Label::getLabel).containsExactly("POSITIVE");
            assertThat(r.getModelVersion()).isEqualTo("s1");
        }));
        assertThat(sentiment.calls).hasValue(1);
        assertThat(cache.stats().hits()).isEqualTo(2 * BATCH - 1);
    }

    @Test
    void givenDistinctTextsThenEachRunsTheModel() {
        List<String> texts = IntStream.range(0, BATCH).mapToObj(i -> "text number " + i).toList();

        assertThat(enrich(texts)).hasSize(BATCH);
        assertThat(sentiment.calls).hasValue(BATCH);
        assertThat(cache.stats().hits()).isZero();
    }
}
