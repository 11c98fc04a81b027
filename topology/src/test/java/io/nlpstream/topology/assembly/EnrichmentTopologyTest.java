package io.nlpstream.topology.assembly;

import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.EventField;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.ModelErrorPolicy;
import io.nlpstream.topology.ModelSet;
import io.nlpstream.topology.ModelStep;
import io.nlpstream.topology.OverLengthPolicy;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.StreamsConfigs;
import io.nlpstream.topology.TextLimit;
import static io.nlpstream.topology.support.Events.question;
import static io.nlpstream.topology.support.Events.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.support.CountingListener;
import io.nlpstream.topology.support.FakeModels;
import io.nlpstream.topology.support.FramedTestFormat;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichmentTopologyTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final Serde<EnrichedTextEvent> OUTPUT = FramedTestFormat.enrichedEvents();

    @TempDir
    Path stateDir;

    final FakeModels.Sentiment sentiment = new FakeModels.Sentiment();
    final FakeModels.Names ner = new FakeModels.Names();
    final FakeModels.FirstWord qa = new FakeModels.FirstWord();
    final FakeModels.PairOverlap pairs = new FakeModels.PairOverlap();
    final CountingListener listener = new CountingListener();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> in;
    TestInputTopic<byte[], byte[]> in2;
    TestOutputTopic<byte[], EnrichedTextEvent> out;
    TestOutputTopic<byte[], byte[]> dlq;

    PipelineSettings reviews(ModelErrorPolicy policy, OverLengthPolicy overLength) {
        return PipelineSettings.of("reviews", List.of("reviews-in", "reviews-in-2"), "reviews-out", "reviews-dlq",
                        List.of(new ModelStep.Classify("sentiment", ClassificationOptions.DEFAULTS),
                                new ModelStep.Recognize("ner", TokenClassificationOptions.DEFAULTS),
                                new ModelStep.Answer("qa", QaOptions.DEFAULTS)))
                .withTextLimit(new TextLimit(40, overLength))
                .withBatch(new BatchSettings(3, MAX_WAIT, Duration.ofMillis(200)))
                .withModelErrors(policy);
    }

    EnrichmentSettings settings(PipelineSettings... pipelines) {
        return new EnrichmentSettings(List.of(pipelines), null,
                EventSerdes.of(FramedTestFormat.textEvents(), OUTPUT));
    }

    ModelSet models() {
        return ModelSet.builder().classifier("sentiment", sentiment).tokenClassifier("ner", ner).answerer("qa", qa)
                .classifier("pairs", pairs).build();
    }

    void start(EnrichmentSettings settings) {
        start(settings, StreamsConfig.EXACTLY_ONCE_V2);
    }

    void start(EnrichmentSettings settings, String guarantee) {
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentTopology.build(builder, settings, models(), listener);
        Properties props = StreamsConfigs.forTopology("nlp-test", "unused:9092", settings, listener);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        driver = new TopologyTestDriver(builder.build(), props, START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        in = driver.createInputTopic("reviews-in", bytes, bytes, START, Duration.ZERO);
        in2 = driver.createInputTopic("reviews-in-2", bytes, bytes, START, Duration.ZERO);
        out = driver.createOutputTopic("reviews-out", new ByteArrayDeserializer(), OUTPUT.deserializer());
        dlq = driver.createOutputTopic("reviews-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @BeforeEach
    void startDefault() {
        start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    static TestRecord<byte[], byte[]> record(String key, byte[] value, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", ("t-" + key).getBytes(StandardCharsets.UTF_8));
        return new TestRecord<>(key(key), value, headers, timestamp);
    }

    @Test
    void flushesWhenTheBufferReachesTheBatchSizeKeepingOrderKeysTimestampsAndHeaders() {
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "a good day with Alice")), 1000));
        in.pipeInput(record("k2", FramedTestFormat.encode(question("e2", "Bob was bad", "who?")), 2000));
        assertThat(out.isEmpty()).isTrue();

        in.pipeInput(record("k3", FramedTestFormat.encode(text("e3", "plain text")), 3000));

        List<TestRecord<byte[], EnrichedTextEvent>> records = out.readRecordsToList();
        assertThat(records).extracting(r -> r.value().getId()).containsExactly("e1", "e2", "e3");
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("k1", "k2", "k3");
        assertThat(records).extracting(TestRecord::timestamp).containsExactly(1000L, 2000L, 3000L);
        assertThat(records).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("trace").value(),
                StandardCharsets.UTF_8)).isEqualTo("t-" + new String(r.key(), StandardCharsets.UTF_8)));
        assertThat(records).allSatisfy(r -> assertThat(r.value().getBatchSize()).isEqualTo(3));

        EnrichedTextEvent first = records.get(0).value();
        assertThat(first.getText()).isEqualTo("a good day with Alice");
        assertThat(first.getMetadata()).containsEntry("src", "test");
        assertThat(first.getResults()).extracting(ModelResult::getModel).containsExactly("sentiment", "ner");
        assertThat(first.getResults().get(0).getLabels().get(0).getLabel()).isEqualTo("POSITIVE");
        assertThat(first.getResults().get(0).getModelVersion()).isEqualTo("s1");
        assertThat(first.getResults().get(0).getTask()).isEqualTo("text-classification");
        assertThat(first.getResults().get(1).getEntities()).extracting(NamedEntity::getWord).containsExactly("Alice");
        assertThat(first.getResults()).allSatisfy(r -> assertThat(r.getError()).isNull());

        EnrichedTextEvent second = records.get(1).value();
        assertThat(second.getResults()).extracting(ModelResult::getModel).containsExactly("sentiment", "ner", "qa");
        assertThat(second.getResults().get(2).getAnswers().get(0).getAnswer()).isEqualTo("Bob");
        assertThat(second.getResults().get(2).getTask()).isEqualTo("question-answering");
        assertThat(second.getQuestion()).isEqualTo("who?");
        assertThat(second.getLanguage()).isEqualTo("en");
        assertThat(second.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(qa.calls.get()).isEqualTo(1);
        assertThat(listener.batchSizes).containsExactly(3);
    }

    @Test
    void flushesOnTheWallClockDeadline() {
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "alone")), 1000));
        driver.advanceWallClockTime(MAX_WAIT.minusMillis(1));
        assertThat(out.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(1));

        List<TestRecord<byte[], EnrichedTextEvent>> records = out.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value().getBatchSize()).isEqualTo(1);
        // Mocked wall clock: the event waited exactly until the punctuation.
        assertThat(records.get(0).value().getProcessingLatencyMs()).isEqualTo(MAX_WAIT.toMillis());
        assertThat(listener.batchWaits).containsExactly(MAX_WAIT);
        // End to end is measured from the input record's timestamp, not from its arrival.
        assertThat(listener.endToEnd).containsExactly(
                Duration.ofMillis(START.toEpochMilli() + MAX_WAIT.toMillis() - 1000));
    }

    @Test
    void inputsFromEveryTopicOfThePipelineShareTheBatch() {
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "one")), 1));
        in2.pipeInput(record("k2", FramedTestFormat.encode(text("e2", "two")), 2));
        in.pipeInput(record("k3", FramedTestFormat.encode(text("e3", "three")), 3));
        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("e1", "e2", "e3");
    }

    @Test
    void preservesOrderAcrossManyBatches() {
        IntStream.range(0, 10).forEach(i ->
                in.pipeInput(record("k" + i, FramedTestFormat.encode(text("e" + i, "text " + i)), i)));
        driver.advanceWallClockTime(MAX_WAIT);
        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId)
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        assertThat(listener.batchSizes).containsExactly(3, 3, 3, 1);
    }

    @Test
    void deadLettersEveryInvalidInputWithItsOriginalBytesAndHeaders() {
        byte[] garbage = {9, 9, 9};
        byte[] unknown = FramedTestFormat.frame(FramedTestFormat.UNKNOWN_ID, new byte[] {1});
        byte[] invalid = FramedTestFormat.frame(FramedTestFormat.INVALID_ID, new byte[] {1});
        byte[] empty = FramedTestFormat.encode(text("e-empty", "   "));
        byte[] tooLong = FramedTestFormat.encode(text("e-long", "x".repeat(41)));
        in.pipeInput(record("null", null, 10));
        in.pipeInput(record("garbage", garbage, 11));
        in.pipeInput(record("unknown", unknown, 12));
        in2.pipeInput(record("invalid", invalid, 14));
        in.pipeInput(record("empty", empty, 15));
        in.pipeInput(record("long", tooLong, 16));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(r -> DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON))
                .containsExactly("NULL_VALUE", "UNDECODABLE", "UNKNOWN_SCHEMA", "INVALID_EVENT",
                        "EMPTY_TEXT", "TEXT_TOO_LONG");
        assertThat(dead).extracting(r -> DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.STAGE))
                .containsExactly("VALIDATE", "DECODE", "DECODE", "DECODE", "VALIDATE", "VALIDATE");
        assertThat(dead).extracting(TestRecord::value)
                .containsExactly(null, garbage, unknown, invalid, empty, tooLong);
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("null", "garbage", "unknown", "invalid", "empty", "long");
        assertThat(dead).extracting(TestRecord::timestamp).containsExactly(10L, 11L, 12L, 14L, 15L, 16L);
        assertThat(dead).extracting(r -> DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                .containsExactly("reviews-in", "reviews-in", "reviews-in", "reviews-in-2", "reviews-in",
                        "reviews-in");
        assertThat(dead).extracting(r -> DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_OFFSET))
                .containsExactly("0", "1", "2", "0", "3", "4");
        assertThat(dead).allSatisfy(r -> {
            assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.TIMESTAMP))
                    .isEqualTo(Long.toString(START.toEpochMilli()));
            assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.MESSAGE)).isNotBlank();
            assertThat(r.headers().lastHeader("trace")).isNotNull();
        });
        assertThat(DeadLetterHeaders.read(dead.get(5).headers(), DeadLetterHeaders.MESSAGE))
                .contains("41 code points", "40");
        assertThat(DeadLetterHeaders.read(dead.get(2).headers(), DeadLetterHeaders.MESSAGE))
                .contains("SchemaNotFoundException");
        assertThat(out.isEmpty()).isTrue();
        assertThat(sentiment.calls.get()).isZero();
        assertReconciled(6);
    }

    @Test
    void aRegistryOutageOrRefusedCredentialsWhileDecodingFailTheTaskAndDeadLetterNothing() {
        for (int id : new int[] {FramedTestFormat.OUTAGE_ID, FramedTestFormat.AUTH_ID}) {
            driver.close();
            start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)));
            in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "buffered before")), 1));
            Class<? extends Throwable> expected = id == FramedTestFormat.OUTAGE_ID
                    ? io.nlpstream.schemas.registry.RegistryUnavailableException.class
                    : io.nlpstream.schemas.registry.RegistryAuthenticationException.class;
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            in.pipeInput(record("k2", FramedTestFormat.frame(id, new byte[] {1}), 2)))
                    .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class)
                    .hasRootCauseInstanceOf(expected);
            assertThat(dlq.isEmpty()).isTrue();
            assertThat(out.isEmpty()).isTrue();
            assertThat(listener.dead("reviews")).isZero();
            // The event buffered before the failure is still in the store: the restarted task enriches it.
            assertThat(bufferedIds()).contains("e1");
        }
    }

    @Test
    void aRegistryOutageWhileSerializingFailsTheTaskAndKeepsTheEventBuffered() {
        driver.close();
        java.util.concurrent.atomic.AtomicBoolean registryUp = new java.util.concurrent.atomic.AtomicBoolean();
        Serde<EnrichedTextEvent> registering = org.apache.kafka.common.serialization.Serdes.serdeFrom(
                (topic, event) -> {
                    if (!registryUp.get()) {
                        throw new io.nlpstream.schemas.registry.RegistryUnavailableException(
                                "register schema: registry unavailable", -1, null);
                    }
                    return OUTPUT.serializer().serialize(topic, event);
                }, OUTPUT.deserializer());
        start(new EnrichmentSettings(List.of(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)), null,
                EventSerdes.of(FramedTestFormat.textEvents(), registering)));
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "waits for the registry")), 1));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.advanceWallClockTime(MAX_WAIT))
                .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class)
                .hasRootCauseInstanceOf(io.nlpstream.schemas.registry.RegistryUnavailableException.class);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(out.isEmpty()).isTrue();
        assertThat(bufferedIds()).containsExactly("e1");
    }

    @Test
    void aRegistryAnswering401OrDownBehindTheRealAvroDeserializerIsNoDeadLetter() {
        try (var registry = io.nlpstream.schemas.testing.StubRegistryServer.start()) {
            int id = registry.registry().register("reviews-in-value", io.nlpstream.schemas.avro.TextEvent
                    .getClassSchema());
            assertThat(id).as("FramedTestFormat frames text events as schema id 1").isEqualTo(
                    FramedTestFormat.TEXT_EVENT_ID);
            for (int status : new int[] {401, 403, 503}) {
                driver.close();
                var client = io.nlpstream.schemas.testing.Events.client(registry.url());
                var avro = io.nlpstream.schemas.serde.ConfluentAvroSerde.specific(
                        io.nlpstream.schemas.avro.TextEvent.class, client, false,
                        java.util.Map.of("schema.registry.url", registry.url()));
                start(new EnrichmentSettings(List.of(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)),
                        null, EventSerdes.of(avro.deserializer(), OUTPUT)));
                registry.failNextRequests(1_000, status);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.pipeInput(record("k1",
                                FramedTestFormat.encode(text("e1", "needs the registry")), 1)))
                        .as("HTTP %d", status)
                        .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class)
                        .satisfies(e -> assertThat(io.nlpstream.topology.deadletter.DeadLetterClassifier
                                .registryFault(e)).get().isInstanceOf(status == 503
                                ? io.nlpstream.schemas.registry.RegistryUnavailableException.class
                                : io.nlpstream.schemas.registry.RegistryAuthenticationException.class));
                assertThat(dlq.isEmpty()).as("HTTP %d: no dead letter (not UNDECODABLE)", status).isTrue();
                registry.failNextRequests(0, status);
            }
        }
    }

    /** The ids of the events in the pipeline's buffer store, in order. */
    List<String> bufferedIds() {
        List<String> ids = new java.util.ArrayList<>();
        org.apache.kafka.streams.state.KeyValueStore<Long, io.nlpstream.topology.enrich.BufferedEvent> store =
                driver.getKeyValueStore(EnrichmentTopology.bufferStoreName("reviews"));
        try (var all = store.all()) {
            all.forEachRemaining(entry -> ids.add(FramedTestFormat.textEvents()
                    .deserialize("reviews-in", entry.value.value()).getId().toString()));
        }
        return ids;
    }

    @Test
    void deadLettersEventsWhoseModelFailsOrTimesOutAndEmitsTheRest() {
        byte[] failing = FramedTestFormat.encode(text("e-fail", "this one " + FakeModels.FAIL));
        byte[] hanging = FramedTestFormat.encode(text("e-hang", "this one " + FakeModels.HANG));
        in.pipeInput(record("ok1", FramedTestFormat.encode(text("e1", "fine")), 1));
        in.pipeInput(record("fail", failing, 2));
        in.pipeInput(record("hang", hanging, 3));
        // The hanging batch is in flight: the first punctuation saw traffic and does not wait, the second finds
        // the stream idle and waits for it, at most its timeout.
        driver.advanceWallClockTime(MAX_WAIT);
        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("e1");
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::value).containsExactly(failing, hanging);
        assertThat(dead).allSatisfy(r -> {
            assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("MODEL_ERROR");
            assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.STAGE)).isEqualTo("ENRICH");
        });
        assertThat(DeadLetterHeaders.read(dead.get(0).headers(), DeadLetterHeaders.MESSAGE))
                .contains("sentiment", "model failed on purpose");
        assertThat(DeadLetterHeaders.read(dead.get(1).headers(), DeadLetterHeaders.MESSAGE))
                .contains("timed out", "ran longer than 200 ms");
        assertThat(DeadLetterHeaders.read(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
        assertThat(dead.get(1).timestamp()).isEqualTo(3L);
        assertReconciled(3);
    }

    @Test
    void annotatesModelFailuresWhenConfiguredTo() {
        driver.close();
        start(settings(reviews(ModelErrorPolicy.ANNOTATE, OverLengthPolicy.REJECT)));
        in.pipeInput(record("fail", FramedTestFormat.encode(text("e-fail", "Carol " + FakeModels.FAIL)), 1));
        driver.advanceWallClockTime(MAX_WAIT);

        EnrichedTextEvent event = out.readValue();
        assertThat(event.getResults()).extracting(ModelResult::getModel).containsExactly("sentiment", "ner");
        assertThat(event.getResults()).allSatisfy(r -> {
            assertThat(r.getError()).contains("model failed on purpose");
            assertThat(r.getLabels()).isEmpty();
            assertThat(r.getEntities()).isEmpty();
        });
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void truncatesLongTextsUnderTheTruncatePolicy() {
        driver.close();
        start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.TRUNCATE)));
        // 39 x 'a' then an emoji (two chars, one code point) then more: the cut keeps the emoji whole.
        String text = "a".repeat(39) + "\uD83D\uDE00" + "tail";
        in.pipeInput(record("k", FramedTestFormat.encode(text("e", text)), 1));
        driver.advanceWallClockTime(MAX_WAIT);
        assertThat(out.readValue().getText()).isEqualTo("a".repeat(39) + "\uD83D\uDE00");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void deadLettersEventsWhoseOutputCannotBeSerialized() {
        driver.close();
        Serde<EnrichedTextEvent> picky = org.apache.kafka.common.serialization.Serdes.serdeFrom(
                (topic, event) -> {
                    if (event.getId().equals("e-bad")) {
                        throw new org.apache.kafka.common.errors.SerializationException("cannot write e-bad");
                    }
                    return OUTPUT.serializer().serialize(topic, event);
                }, OUTPUT.deserializer());
        start(new EnrichmentSettings(List.of(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)), null,
                EventSerdes.of(FramedTestFormat.textEvents(), picky)));
        byte[] bad = FramedTestFormat.encode(text("e-bad", "bad"));
        in.pipeInput(record("good", FramedTestFormat.encode(text("e-good", "good")), 1));
        in.pipeInput(record("bad", bad, 2));
        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("e-good");
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("PRODUCTION_ERROR");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo("SERIALIZE");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.MESSAGE)).contains("cannot write e-bad");
        assertReconciled(2);
    }

    @Test
    void runsSeveralPipelinesInOneTopology() {
        driver.close();
        PipelineSettings alerts = PipelineSettings.of("alerts", List.of("alerts-in"), "alerts-out", "alerts-dlq",
                List.of(new ModelStep.Classify("sentiment", new ClassificationOptions(0, null))));
        start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT), alerts));
        ByteArraySerializer bytes = new ByteArraySerializer();
        TestInputTopic<byte[], byte[]> alertsIn = driver.createInputTopic("alerts-in", bytes, bytes);
        TestOutputTopic<byte[], EnrichedTextEvent> alertsOut = driver.createOutputTopic("alerts-out",
                new ByteArrayDeserializer(), OUTPUT.deserializer());
        alertsIn.pipeInput(key("a"), FramedTestFormat.encode(text("a1", "good")));
        alertsIn.pipeInput(key("b"), (byte[]) null);
        in.pipeInput(record("r", FramedTestFormat.encode(text("r1", "review")), 1));
        driver.advanceWallClockTime(BatchSettings.DEFAULTS.maxWait().plus(MAX_WAIT));

        assertThat(alertsOut.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.getId()).isEqualTo("a1");
            assertThat(e.getResults()).extracting(ModelResult::getModel).containsExactly("sentiment");
        });
        assertThat(driver.createOutputTopic("alerts-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList()).hasSize(1);
        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("r1");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(listener.in("alerts")).isEqualTo(2);
        assertThat(listener.out("alerts") + listener.dead("alerts")).isEqualTo(2);
        assertThat(driver.producedTopicNames()).contains("alerts-out", "reviews-out", "alerts-dlq");
    }

    @Test
    void aPipelineClassifiesTheTextPairItsStepNamesAndSkipsEventsWithoutIt() {
        driver.close();
        PipelineSettings nli = PipelineSettings.of("nli", List.of("nli-in"), "nli-out", "nli-dlq",
                List.of(new ModelStep.Classify("pairs", ClassificationOptions.DEFAULTS,
                        new ModelStep.TextPairFields(EventField.TEXT, EventField.QUESTION))));
        start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT), nli));
        ByteArraySerializer bytes = new ByteArraySerializer();
        TestInputTopic<byte[], byte[]> nliIn = driver.createInputTopic("nli-in", bytes, bytes);
        TestOutputTopic<byte[], EnrichedTextEvent> nliOut = driver.createOutputTopic("nli-out",
                new ByteArrayDeserializer(), OUTPUT.deserializer());

        nliIn.pipeInput(key("a"), FramedTestFormat.encode(question("p1", "a cat sat on the mat", "the cat")));
        nliIn.pipeInput(key("b"), FramedTestFormat.encode(text("p2", "no second text")));
        driver.advanceWallClockTime(BatchSettings.DEFAULTS.maxWait().plus(MAX_WAIT));

        List<EnrichedTextEvent> enriched = nliOut.readValuesToList();
        assertThat(enriched).extracting(EnrichedTextEvent::getId).containsExactly("p1", "p2");
        assertThat(enriched.get(0).getResults()).singleElement().satisfies(result -> {
            assertThat(result.getModel()).isEqualTo("pairs");
            assertThat(result.getLabels()).singleElement().satisfies(label -> {
                assertThat(label.getLabel()).isEqualTo("relevant");
                assertThat(label.getScore()).isEqualTo(1.0);
            });
        });
        // the event without the pair's second field gets no result from the step, as QA skips question-less events
        assertThat(enriched.get(1).getResults()).isEmpty();
        assertThat(pairs.inputs).containsExactly(
                io.nlpstream.models.input.TextInput.pair("a cat sat on the mat", "the cat"));
    }

    @Test
    void countsReconcileOverAMixedStream() {
        for (int i = 0; i < 20; i++) {
            byte[] value = switch (i % 5) {
                case 0 -> null;
                case 1 -> FramedTestFormat.encode(text("e" + i, "fails " + FakeModels.FAIL));
                case 2 -> new byte[] {1, 2};
                default -> FramedTestFormat.encode(text("e" + i, "fine " + i));
            };
            in.pipeInput(record("k" + i, value, i));
        }
        driver.advanceWallClockTime(MAX_WAIT);
        int emitted = out.readRecordsToList().size();
        int dead = dlq.readRecordsToList().size();
        assertThat(emitted).isEqualTo(8);
        assertThat(dead).isEqualTo(12);
        assertReconciled(20);
        assertThat(listener.reasons.get(DeadLetterReason.MODEL_ERROR).get()).isEqualTo(4);
    }

    /**
     * Stops the instance with events buffered and starts a new one (exactly-once, like the first) on the same state
     * directory. The test driver deletes its task directories on close, as if the disk were lost; with the task
     * directory linked to one outside ({@link #linkTaskDirectory}) the deletion removes only the link, so the new
     * driver finds the store files a restarted process finds on its disk.
     */
    void restartOnTheSameStateDirectory() throws IOException {
        driver.close();
        Path taskDir = stateDir.resolve("nlp-test").resolve("0_0");
        Files.createDirectories(taskDir.getParent());
        Files.deleteIfExists(taskDir);
        Files.createSymbolicLink(taskDir, persistentTaskDir);
        start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)));
    }

    @TempDir
    Path persistentTaskDir;

    /** Restarts the driver with its task directory linked to {@link #persistentTaskDir}. */
    void linkTaskDirectory() throws IOException {
        driver.close();
        Files.createDirectories(stateDir.resolve("nlp-test"));
        Files.createSymbolicLink(stateDir.resolve("nlp-test").resolve("0_0"), persistentTaskDir);
        start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)));
    }

    @Test
    void eventsBufferedAtShutdownAreFlushedFirstAndExactlyOnceAfterARestart() throws IOException {
        linkTaskDirectory();
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "first")), 1));
        in.pipeInput(record("k2", FramedTestFormat.encode(text("e2", "second")), 2));
        assertThat(out.isEmpty()).isTrue();

        restartOnTheSameStateDirectory();
        in.pipeInput(record("k3", FramedTestFormat.encode(text("e3", "third")), 3));

        // The leftovers go first, as their own batch, with their original keys, timestamps and headers.
        List<TestRecord<byte[], EnrichedTextEvent>> flushed = out.readRecordsToList();
        assertThat(flushed).extracting(r -> r.value().getId()).containsExactly("e1", "e2");
        assertThat(flushed).extracting(TestRecord::timestamp).containsExactly(1L, 2L);
        assertThat(flushed).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("k1", "k2");
        assertThat(flushed.get(1).headers().lastHeader("trace").value()).isEqualTo(key("t-k2"));
        assertThat(flushed).allSatisfy(r -> assertThat(r.value().getBatchSize()).isEqualTo(2));

        driver.advanceWallClockTime(MAX_WAIT);
        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("e3");

        restartOnTheSameStateDirectory();
        driver.advanceWallClockTime(MAX_WAIT.multipliedBy(3));
        assertThat(out.isEmpty()).isTrue();
        assertThat(sentiment.calls.get()).isEqualTo(3);
    }

    @Test
    void leftoversWithoutNewTrafficAreFlushedAtTheFirstDeadlineAfterARestart() throws IOException {
        linkTaskDirectory();
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "first")), 1));
        restartOnTheSameStateDirectory();
        assertThat(out.isEmpty()).isTrue();
        driver.advanceWallClockTime(MAX_WAIT);
        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("e1");
    }

    @Test
    void theBufferChangelogHoldsExactlyTheEventsNotYetFlushed() {
        String changelog = "nlp-test-" + EnrichmentTopology.bufferStoreName("reviews") + "-changelog";
        TestOutputTopic<Long, byte[]> log = driver.createOutputTopic(changelog,
                new org.apache.kafka.common.serialization.LongDeserializer(), new ByteArrayDeserializer());
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "first")), 1));
        in.pipeInput(record("k2", FramedTestFormat.encode(text("e2", "second")), 2));

        List<TestRecord<Long, byte[]>> puts = log.readRecordsToList();
        assertThat(puts).extracting(TestRecord::key).containsExactly(0L, 1L);
        assertThat(puts).allSatisfy(r -> assertThat(r.value()).isNotNull());
        assertThat(new io.nlpstream.topology.enrich.BufferedEventSerde().deserialize(changelog, puts.get(1).value())
                .value()).isEqualTo(FramedTestFormat.encode(text("e2", "second")));

        driver.advanceWallClockTime(MAX_WAIT);
        assertThat(out.readValuesToList()).hasSize(2);
        // Flushed events are deleted in the same commit as their output is written.
        List<TestRecord<Long, byte[]>> deletes = log.readRecordsToList();
        assertThat(deletes).extracting(TestRecord::key).containsExactly(0L, 1L);
        assertThat(deletes).allSatisfy(r -> assertThat(r.value()).isNull());
    }

    @Test
    void eventsForwardedBeforeTheNextCommitNeverReachTheChangelogNorLeaveTombstones() {
        // The test driver commits after every input record. e1 and e2 wait across a commit for company; e3 fills
        // the batch, which the (synchronous) fake models finish at once, so e3 is put and deleted between commits.
        String changelog = "nlp-test-" + EnrichmentTopology.bufferStoreName("reviews") + "-changelog";
        TestOutputTopic<Long, byte[]> log = driver.createOutputTopic(changelog,
                new org.apache.kafka.common.serialization.LongDeserializer(), new ByteArrayDeserializer());
        in.pipeInput(record("k1", FramedTestFormat.encode(text("e1", "first")), 1));
        in.pipeInput(record("k2", FramedTestFormat.encode(text("e2", "second")), 2));
        in.pipeInput(record("k3", FramedTestFormat.encode(text("e3", "third")), 3));

        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("e1", "e2", "e3");
        List<TestRecord<Long, byte[]>> writes = log.readRecordsToList();
        assertThat(writes).extracting(TestRecord::key).containsExactly(0L, 1L, 0L, 1L);
        assertThat(writes.subList(2, 4)).allSatisfy(r -> assertThat(r.value()).isNull());

        // A whole batch within one record's processing: nothing at all is written to the changelog.
        driver.close();
        start(settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT)
                .withBatch(new BatchSettings(1, MAX_WAIT, Duration.ofMillis(200)))));
        TestOutputTopic<Long, byte[]> log2 = driver.createOutputTopic(changelog,
                new org.apache.kafka.common.serialization.LongDeserializer(), new ByteArrayDeserializer());
        for (int i = 0; i < 20; i++) {
            in.pipeInput(record("k" + i, FramedTestFormat.encode(text("f" + i, "text " + i)), 10 + i));
        }
        assertThat(out.readValuesToList()).hasSize(20);
        assertThat(log2.readRecordsToList()).isEmpty();
    }

    @Test
    void anUnexpectedProcessorFailureIsDeadLetteredByTheProcessingHandlerAndTheStreamContinues() {
        driver.close();
        CountingListener failingOnce = new CountingListener() {
            boolean failed;

            @Override
            public void recordIn(String pipeline) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("listener bug");
                }
                super.recordIn(pipeline);
            }
        };
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentSettings settings = settings(reviews(ModelErrorPolicy.DEAD_LETTER, OverLengthPolicy.REJECT));
        EnrichmentTopology.build(builder, settings, models(), failingOnce);
        Properties props = StreamsConfigs.forTopology("nlp-test", "unused:9092", settings, failingOnce);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props, START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        in = driver.createInputTopic("reviews-in", bytes, bytes, START, Duration.ZERO);
        out = driver.createOutputTopic("reviews-out", new ByteArrayDeserializer(), OUTPUT.deserializer());
        dlq = driver.createOutputTopic("reviews-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());

        byte[] first = FramedTestFormat.encode(text("e1", "first"));
        in.pipeInput(record("k1", first, 1));
        in.pipeInput(record("k2", FramedTestFormat.encode(text("e2", "second")), 2));
        driver.advanceWallClockTime(MAX_WAIT);

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(dead.value()).isEqualTo(first);
        assertThat(dead.key()).isEqualTo(key("k1"));
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("PROCESSING_ERROR");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo("PROCESS");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.MESSAGE)).contains("listener bug");
        assertThat(out.readValuesToList()).extracting(EnrichedTextEvent::getId).containsExactly("e2");
    }

    void assertReconciled(int expectedIn) {
        assertThat(listener.in("reviews")).isEqualTo(expectedIn);
        assertThat(listener.out("reviews") + listener.dead("reviews")).isEqualTo(expectedIn);
    }
}
