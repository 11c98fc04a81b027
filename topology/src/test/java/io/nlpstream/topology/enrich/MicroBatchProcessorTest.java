package io.nlpstream.topology.enrich;

import io.nlpstream.models.input.TextInput;
import static io.nlpstream.topology.support.Events.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.TextLimit;
import io.nlpstream.topology.Topic;
import io.nlpstream.topology.ModelErrorPolicy;
import io.nlpstream.topology.deadletter.BatchHandedBackException;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.decision.DecisionPolicy;
import io.nlpstream.topology.decision.DecisionSettings;
import io.nlpstream.topology.deadletter.SourcePosition;
import io.nlpstream.topology.support.CountingListener;
import io.nlpstream.topology.support.FakeModels;
import io.nlpstream.topology.support.FramedTestFormat;
import io.nlpstream.topology.support.QueuedClassifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicroBatchProcessorTest {
    static final String STORE = "p.batch-buffer";
    static final Topic<byte[], EnrichedTextEvent> OUTPUT = new Topic<>("out", Serdes.ByteArray(),
            FramedTestFormat.enrichedEvents());
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    @TempDir
    Path stateDir;

    final FakeModels.Sentiment sentiment = new FakeModels.Sentiment();
    final CountingListener listener = new CountingListener();
    MockProcessorContext<byte[], Routed<Delivery>> context;
    KeyValueStore<Long, BufferedEvent> store;
    MicroBatchProcessor processor;

    /** A processor over a persistent (RocksDB) buffer in {@code stateDir}, as a task would open it. */
    void open(int batchSize, Duration timeout) {
        open(batchSize, timeout, BatchSettings.DEFAULT_MAX_IN_FLIGHT, sentiment);
    }

    void open(int batchSize, Duration timeout, int maxInFlight, TextClassifier model) {
        open(batchSize, timeout, maxInFlight, model, EventLimits.DEFAULTS);
    }

    void open(int batchSize, Duration timeout, int maxInFlight, TextClassifier model, EventLimits limits) {
        open(new BatchSettings(batchSize, MAX_WAIT, timeout, maxInFlight), model, limits);
    }

    void open(BatchSettings batch, TextClassifier model, EventLimits limits) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "mbp-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        context.setCurrentSystemTimeMs(1_000);
        store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Long(),
                new BufferedEventSerde()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new MicroBatchProcessor("p", STORE, batch,
                ctx -> List.of(new ClassifyRunner("sentiment", model, ClassificationOptions.DEFAULTS)),
                ModelErrorPolicy.DEAD_LETTER, OUTPUT, admission(limits), listener,
                new DecisionPolicy(DecisionSettings.NONE));
        processor.init(context);
    }

    @AfterEach
    void closeStore() {
        if (store != null && store.isOpen()) {
            store.close();
        }
    }

    static EventAdmission admission(EventLimits limits) {
        return new EventAdmission(Map.of("in", FramedTestFormat.textEvents()),
                new EventValidator(TextLimit.DEFAULTS, limits), limits);
    }

    Record<byte[], ValidEvent> record(TextEvent event, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("h", event.getId().getBytes(StandardCharsets.UTF_8));
        byte[] key = ("k-" + event.getId()).getBytes(StandardCharsets.UTF_8);
        BufferedEvent buffered = new BufferedEvent(key, FramedTestFormat.encode(event), 100 + offset, headers,
                new SourcePosition("in", 0, offset), context.currentSystemTimeMs());
        return new Record<>(key, new ValidEvent(buffered, event), 100 + offset, headers);
    }

    /** The id of the event stored under {@code sequence}, decoded from its original bytes. */
    String storedId(long sequence) {
        return FramedTestFormat.textEvents().deserialize("in", store.get(sequence).value()).getId();
    }

    List<String> forwardedIds() {
        return context.forwarded().stream().map(CapturedForward::record)
                .map(r -> ((Routed.Pass<Delivery>) r.value()).value().value())
                .map(bytes -> FramedTestFormat.enrichedEvents().deserializer().deserialize("out", bytes).getId())
                .toList();
    }

    long storedEntries() {
        return store.approximateNumEntries();
    }

    @Test
    void buffersUntilTheBatchSizeThenForwardsInOrderAndEmptiesTheStore() {
        open(3, Duration.ofSeconds(1));
        processor.process(record(text("a", "good"), 0));
        processor.process(record(text("b", "bad"), 1));
        assertThat(context.forwarded()).isEmpty();
        assertThat(storedId(0L)).isEqualTo("a");
        assertThat(storedId(1L)).isEqualTo("b");

        processor.process(record(text("c", "good"), 2));

        assertThat(forwardedIds()).containsExactly("a", "b", "c");
        assertThat(context.forwarded()).extracting(f -> f.record().timestamp()).containsExactly(100L, 101L, 102L);
        assertThat(context.forwarded()).extracting(f -> new String(f.record().key(), StandardCharsets.UTF_8))
                .containsExactly("k-a", "k-b", "k-c");
        assertThat(context.forwarded()).extracting(f -> new String(f.record().headers().lastHeader("h").value(),
                StandardCharsets.UTF_8)).containsExactly("a", "b", "c");
        assertThat(store.get(0L)).isNull();
        assertThat(store.get(2L)).isNull();
        assertThat(processor.buffered()).isZero();
        assertThat(listener.batchSizes).containsExactly(3);
        assertThat(sentiment.calls.get()).isEqualTo(3);
    }

    @Test
    void theWallClockPunctuationFlushesWhatIsBufferedAndNothingWhenEmpty() {
        open(10, Duration.ofSeconds(1));
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
        assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(punctuator.getInterval()).isEqualTo(MAX_WAIT);

        punctuator.getPunctuator().punctuate(1_000);
        assertThat(context.forwarded()).isEmpty();
        assertThat(listener.batchSizes).isEmpty();

        processor.process(record(text("a", "good"), 0));
        context.setCurrentSystemTimeMs(1_000 + MAX_WAIT.toMillis());
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());

        assertThat(forwardedIds()).containsExactly("a");
        EnrichedTextEvent event = FramedTestFormat.enrichedEvents().deserializer().deserialize("out",
                ((Routed.Pass<Delivery>) context.forwarded().get(0).record().value()).value().value());
        assertThat(event.getProcessingLatencyMs()).isEqualTo(MAX_WAIT.toMillis());
        assertThat(event.getBatchSize()).isEqualTo(1);
        assertThat(listener.batchWaits).containsExactly(MAX_WAIT);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void aTimedOutBatchDeadLettersThePendingEventsInsteadOfBlocking() {
        open(2, Duration.ofMillis(50));
        processor.process(record(text("a", "good"), 0));
        processor.process(record(text("b", "wait " + FakeModels.HANG), 1));
        assertThat(context.forwarded()).isEmpty();
        assertThat(processor.inFlight()).isEqualTo(1);

        // The first punctuation saw traffic since the last one; the second finds the stream idle and waits for
        // the batch, at most its timeout.
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
        punctuator.getPunctuator().punctuate(2_000);
        punctuator.getPunctuator().punctuate(3_000);

        List<? extends Record<? extends byte[], ? extends Routed<Delivery>>> records = context.forwarded().stream()
                .map(CapturedForward::record).toList();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).value()).isInstanceOf(Routed.Pass.class);
        Record<? extends byte[], ? extends Routed<Delivery>> dead = records.get(1);
        assertThat(dead.value()).isInstanceOf(Routed.Dead.class);
        assertThat(((Routed.Dead<Delivery>) dead.value()).originalValue())
                .isEqualTo(FramedTestFormat.encode(text("b", "wait " + FakeModels.HANG)));
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("MODEL_ERROR");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.MESSAGE)).contains("timed out");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(dead.headers().lastHeader("h").value()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
        assertThat(storedEntries()).isZero();
    }

    @Test
    void aBatchQueuedBehindABusyModelLongerThanItsTimeoutIsEnrichedNotDeadLettered() throws Exception {
        try (QueuedClassifier model = new QueuedClassifier()) {
            Duration timeout = Duration.ofSeconds(1);
            open(new BatchSettings(2, MAX_WAIT, timeout, 1, Duration.ofMinutes(5)), model, EventLimits.DEFAULTS);
            model.occupy();
            // the model stays busy for three batch timeouts, then takes the stream's batch
            CompletableFuture.runAsync(model::release,
                    CompletableFuture.delayedExecutor(3 * timeout.toMillis(), TimeUnit.MILLISECONDS));

            processor.process(record(text("a", "x"), 0));
            processor.process(record(text("b", "x"), 1));
            processor.process(record(text("c", "x"), 2)); // a second batch is due: the thread waits for the first
            processor.process(record(text("d", "x"), 3));
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(2_000);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(3_000);

            assertThat(forwardedIds()).containsExactly("a", "b", "c", "d");
            assertThat(listener.dead).isEmpty();
            assertThat(storedEntries()).isZero();
        }
    }

    @Test
    void aBatchTheModelsNeverStartWithinTheQueueTimeoutIsHandedBackAndStaysBuffered() throws Exception {
        try (QueuedClassifier model = new QueuedClassifier()) {
            open(new BatchSettings(2, MAX_WAIT, Duration.ofSeconds(1), 1, Duration.ofMillis(200)), model,
                    EventLimits.DEFAULTS);
            model.occupy();
            processor.process(record(text("a", "x"), 0));
            processor.process(record(text("b", "x"), 1));

            // c and d make the second batch due: the thread waits for the first, which never starts
            assertThatThrownBy(() -> {
                processor.process(record(text("c", "x"), 2));
                processor.process(record(text("d", "x"), 3));
            }).isInstanceOf(BatchHandedBackException.class).hasMessageContaining("batch.queue-timeout");
            assertThat(context.forwarded()).isEmpty();
            assertThat(listener.dead).isEmpty();
            assertThat(storedId(0L)).isEqualTo("a");
            assertThat(storedId(1L)).isEqualTo("b");
            assertThat(storedId(2L)).isEqualTo("c");
            assertThat(storedId(3L)).isEqualTo("d");
            processor.close();
        }
    }

    @Test
    void aBatchWhoseModelsCloseUnderItIsHandedBackNotDeadLettered() throws Exception {
        try (QueuedClassifier model = new QueuedClassifier()) {
            open(new BatchSettings(2, MAX_WAIT, Duration.ofSeconds(1), 1, Duration.ofMinutes(5)), model,
                    EventLimits.DEFAULTS);
            model.occupy();
            processor.process(record(text("a", "x"), 0));
            processor.process(record(text("b", "x"), 1));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(model::closeWhileHeld);

            // the first batch fails as soon as the models close: c forwards it if that came first, else d waits
            assertThatThrownBy(() -> {
                processor.process(record(text("c", "x"), 2));
                processor.process(record(text("d", "x"), 3));
            }).isInstanceOf(BatchHandedBackException.class).hasMessageContaining("closed");
            assertThat(context.forwarded()).isEmpty();
            assertThat(listener.dead).isEmpty();
            assertThat(storedId(0L)).isEqualTo("a");
            model.release();
            closing.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterARestartOnTheSameStateDirectoryLeftoversAreFlushedFirstAndExactlyOnce() {
        open(3, Duration.ofSeconds(1));
        processor.process(record(text("a", "good"), 0));
        processor.process(record(text("b", "bad"), 1));
        assertThat(context.forwarded()).isEmpty();
        // The instance stops with two events buffered; the store is flushed to disk as on a clean close.
        store.close();

        open(3, Duration.ofSeconds(1));
        assertThat(processor.buffered()).isEqualTo(2);
        processor.process(record(text("c", "good"), 2));

        assertThat(forwardedIds()).containsExactly("a", "b");
        assertThat(listener.batchSizes).containsExactly(2);
        // The sequence continues after the restored entries, so order across the restart is kept.
        assertThat(storedId(2L)).isEqualTo("c");

        context.resetForwards();
        processor.process(record(text("d", "good"), 3));
        processor.process(record(text("e", "good"), 4));
        assertThat(forwardedIds()).containsExactly("c", "d", "e");
        assertThat(storedEntries()).isZero();
    }

    @Test
    void leftoversWithoutNewTrafficAreFlushedByTheFirstPunctuation() {
        open(3, Duration.ofSeconds(1));
        processor.process(record(text("a", "good"), 0));
        store.close();

        open(3, Duration.ofSeconds(1));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(2_000);
        assertThat(forwardedIds()).containsExactly("a");

        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(9_000);
        assertThat(context.forwarded()).isEmpty();
    }

    /** A classifier whose answers the test gives, one future per call, in call order. */
    static final class ManualClassifier implements TextClassifier {
        final List<CompletableFuture<List<LabelScore>>> calls = new CopyOnWriteArrayList<>();

        @Override
        public ModelInfo info() {
            return new FakeModels.Sentiment().info();
        }

        @Override
        public CompletableFuture<List<LabelScore>> classify(TextInput input, ClassificationOptions options) {
            CompletableFuture<List<LabelScore>> future = new CompletableFuture<>();
            calls.add(future);
            return future;
        }

        void answer(int call) {
            calls.get(call).complete(List.of(new LabelScore("POSITIVE", 0.9)));
        }
    }

    @Test
    void theNextBatchIsBufferedAndSubmittedWhileTheFirstRunsAndBatchesAreForwardedInSubmissionOrder() {
        ManualClassifier model = new ManualClassifier();
        open(2, Duration.ofSeconds(5), 4, model);
        processor.process(record(text("a", "x"), 0));
        processor.process(record(text("b", "x"), 1));
        processor.process(record(text("c", "x"), 2));
        processor.process(record(text("d", "x"), 3));
        assertThat(processor.inFlight()).isEqualTo(2);
        assertThat(model.calls).hasSize(4);
        assertThat(context.forwarded()).isEmpty();

        // The second batch finishes first: it must wait for the first, so partition order holds.
        model.answer(2);
        model.answer(3);
        processor.process(record(text("e", "x"), 4));
        assertThat(context.forwarded()).isEmpty();

        model.answer(0);
        model.answer(1);
        processor.process(record(text("f", "x"), 5));
        assertThat(forwardedIds()).containsExactly("a", "b", "c", "d");
        assertThat(processor.inFlight()).isEqualTo(1);
        assertThat(storedEntries()).isEqualTo(2);
        assertThat(store.get(0L)).isNull();
        assertThat(storedId(4L)).isEqualTo("e");
    }

    @Test
    void withMaxInFlightBatchesRunningTheStreamThreadWaitsForTheOldestBeforeSubmittingAnother() {
        ManualClassifier model = new ManualClassifier();
        open(1, Duration.ofMillis(100), 2, model);
        processor.process(record(text("a", "x"), 0));
        processor.process(record(text("b", "x"), 1));
        model.answer(1);
        assertThat(context.forwarded()).isEmpty();

        // A third batch is due: the oldest (never answered) is waited for, up to its timeout, then dead-lettered;
        // the already answered second one follows it.
        processor.process(record(text("c", "x"), 2));

        List<? extends Record<? extends byte[], ? extends Routed<Delivery>>> records = context.forwarded().stream()
                .map(CapturedForward::record).toList();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).value()).isInstanceOf(Routed.Dead.class);
        assertThat(DeadLetterHeaders.read(records.get(0).headers(), DeadLetterHeaders.MESSAGE)).contains("timed out");
        assertThat(records.get(1).value()).isInstanceOf(Routed.Pass.class);
        assertThat(processor.inFlight()).isEqualTo(1);
        assertThat(storedId(2L)).isEqualTo("c");
    }

    @Test
    void aPunctuationDuringTrafficForwardsOnlyFinishedBatchesAndAnIdleOneWaitsForTheRest() {
        ManualClassifier model = new ManualClassifier();
        open(2, Duration.ofSeconds(5), 4, model);
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
        processor.process(record(text("a", "x"), 0));
        processor.process(record(text("b", "x"), 1));
        processor.process(record(text("c", "x"), 2));

        punctuator.getPunctuator().punctuate(2_000);
        // c was submitted alone by the punctuation; nothing is finished, and traffic was seen: no waiting.
        assertThat(processor.inFlight()).isEqualTo(2);
        assertThat(context.forwarded()).isEmpty();

        model.answer(0);
        model.answer(1);
        model.answer(2);
        punctuator.getPunctuator().punctuate(3_000);
        assertThat(forwardedIds()).containsExactly("a", "b", "c");
        assertThat(listener.batchSizes).containsExactly(2, 1);
        assertThat(storedEntries()).isZero();
    }

    @Test
    void eventsInFlightWhenTheInstanceDiesAreInTheStoreAndAreEnrichedExactlyOnceAfterRestart() {
        ManualClassifier model = new ManualClassifier();
        open(2, Duration.ofSeconds(5), 4, model);
        processor.process(record(text("a", "x"), 0));
        processor.process(record(text("b", "x"), 1));
        processor.process(record(text("c", "x"), 2));
        assertThat(processor.inFlight()).isEqualTo(1);
        processor.close();
        store.close();

        open(2, Duration.ofSeconds(5), 4, sentiment);
        assertThat(processor.buffered()).isEqualTo(3);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(2_000);

        assertThat(forwardedIds()).containsExactly("a", "b", "c");
        assertThat(sentiment.calls.get()).isEqualTo(3);
        assertThat(storedEntries()).isZero();
        // A late answer for the abandoned batch forwards nothing.
        model.answer(0);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(3_000);
        assertThat(forwardedIds()).containsExactly("a", "b", "c");
    }

    @Test
    void restoredEventsAreAdmittedAgainFromTheirOriginalBytesAndThoseThatNoLongerPassAreDeadLettered() {
        open(3, Duration.ofSeconds(1));
        processor.process(record(text("a", "good"), 0));
        TextEvent rich = TextEvent.newBuilder(text("b", "good")).setMetadata(Map.of("k", "v".repeat(5_000))).build();
        processor.process(record(rich, 1));
        store.close();

        // Restarted with a lower metadata limit: b is no longer admissible.
        open(3, Duration.ofSeconds(1), 4, sentiment, new EventLimits(1_000_000, 1000, 1000));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(2_000);

        List<? extends Record<? extends byte[], ? extends Routed<Delivery>>> records = context.forwarded().stream()
                .map(CapturedForward::record).toList();
        assertThat(records).hasSize(2);
        Record<? extends byte[], ? extends Routed<Delivery>> dead = records.get(0);
        assertThat(((Routed.Dead<Delivery>) dead.value()).originalValue()).isEqualTo(FramedTestFormat.encode(rich));
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("EVENT_TOO_LARGE");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.MESSAGE))
                .isEqualTo("restored from the buffer: metadata of 5001 bytes exceeds the limit of 1000");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(records.get(1).value()).isInstanceOf(Routed.Pass.class);
        assertThat(storedEntries()).isZero();
        assertThat(sentiment.calls.get()).isEqualTo(1);
    }

    @Test
    void aBufferWrittenInTheFormerFormatWithItsDecodedCopyIsRestored() throws Exception {
        open(3, Duration.ofSeconds(1));
        TextEvent event = text("old", "written before issue 12");
        byte[] value = FramedTestFormat.encode(event);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(1);
        out.writeInt(5);
        out.write("k-old".getBytes(StandardCharsets.UTF_8));
        out.writeInt(value.length);
        out.write(value);
        out.writeLong(7L);
        out.writeInt(0);
        out.writeBoolean(true);
        out.writeUTF("in");
        out.writeInt(0);
        out.writeLong(41L);
        out.writeLong(900L);
        out.write(new byte[] {10, 20, 30, 40}); // the decoded copy format 1 appended (Avro), now ignored
        BufferedEvent restored = new BufferedEventSerde().deserialize("t", bytes.toByteArray());
        assertThat(restored.value()).isEqualTo(value);
        assertThat(restored.source()).isEqualTo(new SourcePosition("in", 0, 41L));
        store.put(0L, restored);
        store.close();

        open(3, Duration.ofSeconds(1));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(2_000);
        assertThat(forwardedIds()).containsExactly("old");
        assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(7L);
    }
}
