package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.ModelErrorPolicy;
import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.deadletter.DeadLetterClassifier;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.deadletter.DeadLetterStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Micro-batches valid events of one task through the pipeline's models.
 *
 * <p><b>Buffering.</b> Each event is put in a changelogged key-value store under a per-task sequence number (the
 * store iterates in key order, so partition order is kept). The buffer is flushed when it reaches the batch size
 * (from {@link #process}) or by a {@code WALL_CLOCK_TIME} punctuation every {@code maxWait}, so no event waits
 * longer than {@code maxWait} for company when traffic is thin.
 *
 * <p><b>Flushing.</b> All events of the batch are submitted to every step before waiting (see
 * {@link BatchEnricher}); the wait is bounded by the batch timeout and events not done by then are dead-lettered
 * with {@code MODEL_ERROR}, so a flush always ends well within {@code max.poll.interval.ms} when
 * {@code maxWait + timeout} is well below it. Each event is then forwarded in order with its original key,
 * timestamp and headers (to the output, or as a dead letter with its original bytes) and deleted from the store.
 *
 * <p><b>Why a crash loses or duplicates nothing under {@code exactly_once_v2}.</b> The input offsets, the buffer's
 * changelog writes (puts and deletes) and the output records are committed in one Kafka transaction. An event is
 * either (a) not yet committed as consumed: after a crash it is re-read and buffered again, and its earlier
 * uncommitted buffer write is aborted with the transaction; (b) committed as consumed and buffered: its put is in
 * the committed changelog, so the restored store holds it and it is flushed after restart; or (c) flushed and
 * committed: its output and its delete were committed together, so the restored store no longer holds it and it is
 * never emitted again. Outputs of an aborted transaction are invisible to {@code read_committed} consumers. Under
 * {@code at_least_once} the same design may emit an event twice after a crash, never lose it.
 *
 * <p><b>Restart and rebalance.</b> Nothing is flushed on close: the buffer moves with the task. Events left in the
 * store (local, or restored from the changelog) are flushed first by the new owner: by its first {@code process}
 * call before the new event is buffered, or by its first punctuation.
 */
public class MicroBatchProcessor implements Processor<byte[], BufferedEvent, byte[], Routed<byte[]>> {
    private final String pipeline;
    private final String storeName;
    private final BatchSettings settings;
    private final StepRunners runners;
    private final ModelErrorPolicy policy;
    private final String outputTopic;
    private final Serializer<EnrichedTextEvent> serializer;
    private final TopologyListener listener;

    private ProcessorContext<byte[], Routed<byte[]>> context;
    private KeyValueStore<Long, BufferedEvent> buffer;
    private BatchEnricher enricher;
    private long nextSequence;
    private int buffered;
    private long oldestArrivalMs;
    private boolean leftovers;

    public MicroBatchProcessor(String pipeline, String storeName, BatchSettings settings, StepRunners runners,
                               ModelErrorPolicy policy, String outputTopic, Serializer<EnrichedTextEvent> serializer,
                               TopologyListener listener) {
        this.pipeline = pipeline;
        this.storeName = storeName;
        this.settings = settings;
        this.runners = runners;
        this.policy = policy;
        this.outputTopic = outputTopic;
        this.serializer = serializer;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed<byte[]>> context) {
        this.context = context;
        this.buffer = context.getStateStore(storeName);
        this.enricher = new BatchEnricher(runners.open(context), settings.timeout(), policy);
        long last = -1;
        int count = 0;
        long oldest = Long.MAX_VALUE;
        try (KeyValueIterator<Long, BufferedEvent> all = buffer.all()) {
            while (all.hasNext()) {
                KeyValue<Long, BufferedEvent> entry = all.next();
                last = Math.max(last, entry.key);
                oldest = Math.min(oldest, entry.value.arrivalMs());
                count++;
            }
        }
        this.nextSequence = last + 1;
        this.buffered = count;
        this.oldestArrivalMs = oldest;
        this.leftovers = count > 0;
        context.schedule(settings.maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (buffered > 0) {
                flush();
            }
        });
    }

    @Override
    public void process(Record<byte[], BufferedEvent> record) {
        if (leftovers) {
            flush();
        }
        if (buffered == 0) {
            oldestArrivalMs = record.value().arrivalMs();
        }
        buffer.put(nextSequence++, record.value());
        buffered++;
        if (buffered >= settings.size()) {
            flush();
        }
    }

    /** Number of events waiting in this task's buffer. */
    int buffered() {
        return buffered;
    }

    private void flush() {
        List<KeyValue<Long, BufferedEvent>> batch = new ArrayList<>(buffered);
        try (KeyValueIterator<Long, BufferedEvent> all = buffer.all()) {
            while (all.hasNext()) {
                batch.add(all.next());
            }
        }
        if (batch.isEmpty()) {
            leftovers = false;
            buffered = 0;
            return;
        }
        long startMs = context.currentSystemTimeMs();
        List<TextEvent> events = new ArrayList<>(batch.size());
        for (KeyValue<Long, BufferedEvent> entry : batch) {
            events.add(entry.value.event());
        }
        List<BatchEnricher.Outcome> outcomes = enricher.enrich(events);
        long doneMs = context.currentSystemTimeMs();
        for (int i = 0; i < batch.size(); i++) {
            emit(batch.get(i).value, outcomes.get(i), batch.size(), doneMs);
            buffer.delete(batch.get(i).key);
        }
        // Only now: if anything above threw, the store still holds what was not emitted and the next
        // punctuation or record retries it.
        leftovers = false;
        buffered = 0;
        listener.batchFlushed(pipeline, batch.size(), Duration.ofMillis(Math.max(0, startMs - oldestArrivalMs)));
    }

    private void emit(BufferedEvent buffered, BatchEnricher.Outcome outcome, int batchSize, long doneMs) {
        if (outcome instanceof BatchEnricher.Outcome.Failed failed) {
            deadLetter(buffered, DeadLetterReason.MODEL_ERROR, DeadLetterStage.ENRICH, failed.message());
            return;
        }
        TextEvent event = buffered.event();
        EnrichedTextEvent enriched = new EnrichedTextEvent(event.getId(), event.getText(), event.getQuestion(),
                event.getLanguage(), event.getEventTime(), event.getMetadata(),
                ((BatchEnricher.Outcome.Enriched) outcome).results(), Math.max(0, doneMs - buffered.arrivalMs()),
                batchSize);
        Headers headers = new RecordHeaders(buffered.headers().toArray());
        byte[] bytes;
        try {
            bytes = serializer.serialize(outputTopic, headers, enriched);
        } catch (RuntimeException e) {
            DeadLetterReason reason = DeadLetterClassifier.decodeFailure(e) == DeadLetterReason.REGISTRY_UNAVAILABLE
                    ? DeadLetterReason.REGISTRY_UNAVAILABLE : DeadLetterReason.PRODUCTION_ERROR;
            deadLetter(buffered, reason, DeadLetterStage.SERIALIZE, DeadLetterHeaders.describe(e));
            return;
        }
        context.forward(new Record<>(buffered.key(), new Routed.Pass<>(bytes), buffered.timestamp(), headers));
        listener.recordOut(pipeline, Duration.ofMillis(Math.max(0, doneMs - buffered.timestamp())));
    }

    private void deadLetter(BufferedEvent buffered, DeadLetterReason reason, DeadLetterStage stage, String message) {
        listener.deadLetter(pipeline, reason);
        context.forward(new Record<byte[], Routed<byte[]>>(buffered.key(), new Routed.Dead<>(buffered.value()),
                buffered.timestamp(), DeadLetterHeaders.of(buffered.headers(), reason, stage, message,
                buffered.source(), context.currentSystemTimeMs())));
    }
}
