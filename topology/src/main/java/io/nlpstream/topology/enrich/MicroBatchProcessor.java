package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.ModelErrorPolicy;
import io.nlpstream.topology.Topic;
import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.deadletter.DeadLetterClassifier;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.deadletter.DeadLetterStage;
import io.nlpstream.topology.decision.DecisionHeaders;
import io.nlpstream.topology.decision.DecisionPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * <p><b>Buffering.</b> Each event's original record ({@link BufferedEvent}: one copy of the event) is put in a
 * changelogged, cached key-value store under a per-task sequence number (the store iterates in key order, so
 * partition order is kept) and stays there until it has been forwarded; the decoded event stays beside it in memory.
 * Events are submitted to the models in batches: from {@link #process} when {@code size} are waiting, and by a
 * {@code WALL_CLOCK_TIME} punctuation every {@code maxWait}, so no event waits longer than {@code maxWait} for
 * company when traffic is thin.
 *
 * <p><b>What the buffer costs.</b> The store sits behind Kafka Streams' record cache, which is flushed to the store
 * and its changelog only when the task commits (or when the cache is full). An event put and deleted between two
 * commits (forwarded within one commit interval) therefore never reaches the changelog or the disk, and its delete
 * writes no tombstone either: the cache drops a delete of a key the store never held ({@link UnflushedDeletes}).
 * Only events still buffered when a commit falls are written (and later tombstoned).
 *
 * <p><b>Pipelining.</b> A submitted batch runs in the models' batchers while the stream thread goes on reading and
 * buffering the next events (see {@link BatchEnricher.PendingBatch}); up to {@code maxInFlight} batches are in
 * flight, and the thread waits for the oldest only when one more is due. Batches are forwarded strictly in
 * submission order, from {@code process} as soon as they are done, and by the punctuation: all of them, waiting,
 * when no record arrived since the previous punctuation (traffic stopped), else those already done. Every wait is
 * bounded by the batch timeout counted from submission, and events not done by then are dead-lettered with
 * {@code MODEL_ERROR}, so the thread never stalls past {@code max.poll.interval.ms} when
 * {@code maxWait + timeout} is well below it. Each event is forwarded with its original key, timestamp and headers
 * (to the output, or as a dead letter with its original bytes) and deleted from the store. An enriched event that
 * would serialize larger than the pipeline's {@code maxEventBytes} is a dead letter ({@code EVENT_TOO_LARGE})
 * instead of a record the producer would refuse. A registry that cannot be reached or refuses the credentials while
 * an event is serialized (a new schema to register) dead-letters nothing: the failure is thrown and fails the task,
 * and the event, still in the store as of the last commit, is enriched again once the registry answers.
 *
 * <p><b>Decisions and routing.</b> Each enriched event carries the flags and decision of the pipeline's
 * {@link DecisionPolicy}, and the decision in headers ({@link DecisionHeaders}). It is forwarded once per
 * destination its action names (the output, the action's topic, or both: {@link Delivery}), each copy serialized
 * for its own topic; all copies are checked before any is forwarded, so an event goes everywhere its decision says
 * or, as one dead letter, nowhere. Copies leave in the same task, hence in the same transaction as the rest below.
 *
 * <p><b>Why a crash loses or duplicates nothing under {@code exactly_once_v2}.</b> A commit first flushes the record
 * cache, so the store's changelog holds exactly the events buffered at that moment, and then commits the input
 * offsets, those changelog writes (puts and deletes) and the output records in one Kafka transaction; a commit may
 * fall while batches are in flight, which changes nothing below, since an event leaves the store only in the
 * transaction that forwards it. An event is either (a) not yet committed as consumed: after a crash it is re-read
 * and buffered again, and whatever of it reached the changelog is aborted with the transaction; (b) committed as
 * consumed and still buffered (waiting or in flight): the commit that recorded its offset flushed its put to the
 * changelog in the same transaction, so the restored store holds it and it is submitted again after restart; or (c)
 * forwarded and committed: its output and its delete (or, when it never reached the changelog, nothing at all)
 * were committed together, so the restored store no longer holds it and it is never emitted again. Outputs of an
 * aborted transaction are invisible to {@code read_committed} consumers. Under {@code at_least_once} the same
 * design may emit an event twice after a crash, never lose it.
 *
 * <p><b>Restart and rebalance.</b> Nothing is flushed on close: in-flight batches are abandoned and the buffer moves
 * with the task. Events left in the store (local, or restored from the changelog) are admitted again from their
 * original bytes ({@link EventAdmission}: one that no longer passes, say under lowered limits, is dead-lettered
 * with its reason) and submitted first by the new owner, as one batch: by its first {@code process} call before the
 * new event is buffered, or by its first punctuation.
 */
public class MicroBatchProcessor implements Processor<byte[], ValidEvent, byte[], Routed<Delivery>> {
    private final String pipeline;
    private final String storeName;
    private final BatchSettings settings;
    private final StepRunners runners;
    private final ModelErrorPolicy policy;
    private final Topic<byte[], EnrichedTextEvent> output;
    private final EventAdmission admission;
    private final TopologyListener listener;
    private final DecisionPolicy decisions;

    private ProcessorContext<byte[], Routed<Delivery>> context;
    private KeyValueStore<Long, BufferedEvent> buffer;
    private Serializer<EnrichedTextEvent> serializer;
    private BatchEnricher enricher;
    private long nextSequence;
    /** Restored from the store at init and not yet admitted again, in sequence order. */
    private List<KeyValue<Long, BufferedEvent>> leftovers = new ArrayList<>();
    /** Buffered and not yet submitted, in sequence order. */
    private List<KeyValue<Long, ValidEvent>> waiting = new ArrayList<>();
    /** Submitted and not yet (entirely) forwarded, oldest first. */
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private boolean recordSincePunctuation;

    /** A submitted batch and how far its forwarding got (an exception mid-batch resumes at {@code next}). */
    private static final class InFlight {
        final List<KeyValue<Long, ValidEvent>> entries;
        final BatchEnricher.PendingBatch pending;
        final long waitedMs;
        List<BatchEnricher.Outcome> outcomes;
        long doneMs;
        int next;

        InFlight(List<KeyValue<Long, ValidEvent>> entries, BatchEnricher.PendingBatch pending, long waitedMs) {
            this.entries = entries;
            this.pending = pending;
            this.waitedMs = waitedMs;
        }
    }

    /**
     * @param output    where enriched events go, with the serde they are written with (serialized here, so a
     *                  failure is dead-lettered with the event's original bytes)
     * @param admission admits restored events again from their original bytes; its limits bound the output size
     * @param decisions flags and decides each enriched event; its actions say which topics the event goes to
     */
    public MicroBatchProcessor(String pipeline, String storeName, BatchSettings settings, StepRunners runners,
                               ModelErrorPolicy policy, Topic<byte[], EnrichedTextEvent> output,
                               EventAdmission admission, TopologyListener listener, DecisionPolicy decisions) {
        this.pipeline = pipeline;
        this.storeName = storeName;
        this.settings = settings;
        this.runners = runners;
        this.policy = policy;
        this.output = output;
        this.admission = admission;
        this.listener = listener;
        this.decisions = decisions;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed<Delivery>> context) {
        this.context = context;
        this.buffer = context.getStateStore(storeName);
        UnflushedDeletes.skipIn(buffer);
        this.serializer = output.valueSerde().serializer();
        this.enricher = new BatchEnricher(runners.open(context), settings.timeout(), policy);
        long last = -1;
        try (KeyValueIterator<Long, BufferedEvent> all = buffer.all()) {
            while (all.hasNext()) {
                KeyValue<Long, BufferedEvent> entry = all.next();
                last = Math.max(last, entry.key);
                leftovers.add(entry);
            }
        }
        this.nextSequence = last + 1;
        context.schedule(settings.maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> punctuate());
    }

    @Override
    public void process(Record<byte[], ValidEvent> record) {
        recordSincePunctuation = true;
        if (!leftovers.isEmpty()) {
            submitLeftovers();
        }
        long sequence = nextSequence++;
        buffer.put(sequence, record.value().buffered());
        waiting.add(KeyValue.pair(sequence, record.value()));
        if (waiting.size() >= settings.size()) {
            submitWaiting();
        }
        forwardReady();
    }

    @Override
    public void close() {
        for (InFlight batch : inFlight) {
            batch.pending.abandon();
        }
        inFlight.clear();
        waiting.clear();
        leftovers.clear();
    }

    /** Number of events in this task's buffer that have not been forwarded (restored, waiting or in flight). */
    int buffered() {
        int count = leftovers.size() + waiting.size();
        for (InFlight batch : inFlight) {
            count += batch.entries.size() - batch.next;
        }
        return count;
    }

    /** Batches submitted and not yet forwarded. */
    int inFlight() {
        return inFlight.size();
    }

    private void punctuate() {
        boolean idle = !recordSincePunctuation;
        recordSincePunctuation = false;
        if (!leftovers.isEmpty()) {
            submitLeftovers();
        } else if (!waiting.isEmpty()) {
            submitWaiting();
        }
        if (idle) {
            while (!inFlight.isEmpty()) {
                forwardOldest();
            }
        } else {
            forwardReady();
        }
    }

    /**
     * Admits the restored events again from their original bytes, dead-letters those that no longer pass, and
     * submits the rest as one batch, ahead of anything new.
     */
    private void submitLeftovers() {
        List<KeyValue<Long, BufferedEvent>> restored = leftovers;
        leftovers = new ArrayList<>();
        for (KeyValue<Long, BufferedEvent> entry : restored) {
            BufferedEvent buffered = entry.value;
            EventAdmission.Verdict verdict = admission.admit(buffered.source().topic(), buffered.key(),
                    buffered.value(), buffered.headers());
            if (verdict instanceof EventAdmission.Verdict.Accept accept) {
                waiting.add(KeyValue.pair(entry.key, new ValidEvent(buffered, accept.event())));
            } else {
                EventAdmission.Verdict.Reject reject = (EventAdmission.Verdict.Reject) verdict;
                deadLetter(buffered, reject.reason(), reject.stage(), "restored from the buffer: " + reject.message());
                buffer.delete(entry.key);
            }
        }
        submitWaiting();
    }

    private void submitWaiting() {
        if (waiting.isEmpty()) {
            return;
        }
        while (inFlight.size() >= settings.maxInFlight()) {
            forwardOldest();
        }
        List<KeyValue<Long, ValidEvent>> batch = waiting;
        waiting = new ArrayList<>(settings.size());
        long oldestArrivalMs = Long.MAX_VALUE;
        List<TextEvent> events = new ArrayList<>(batch.size());
        for (KeyValue<Long, ValidEvent> entry : batch) {
            events.add(entry.value.event());
            oldestArrivalMs = Math.min(oldestArrivalMs, entry.value.buffered().arrivalMs());
        }
        long waitedMs = Math.max(0, context.currentSystemTimeMs() - oldestArrivalMs);
        inFlight.addLast(new InFlight(batch, enricher.submit(events), waitedMs));
    }

    private void forwardReady() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().pending.isReady()) {
            forwardOldest();
        }
    }

    private void forwardOldest() {
        InFlight batch = inFlight.peekFirst();
        if (batch.outcomes == null) {
            batch.outcomes = batch.pending.outcomes();
            batch.doneMs = context.currentSystemTimeMs();
        }
        int size = batch.entries.size();
        while (batch.next < size) {
            KeyValue<Long, ValidEvent> entry = batch.entries.get(batch.next);
            emit(entry.value, batch.outcomes.get(batch.next), size, batch.doneMs);
            buffer.delete(entry.key);
            batch.next++;
        }
        inFlight.removeFirst();
        listener.batchFlushed(pipeline, size, Duration.ofMillis(batch.waitedMs));
    }

    private void emit(ValidEvent valid, BatchEnricher.Outcome outcome, int batchSize, long doneMs) {
        BufferedEvent buffered = valid.buffered();
        if (outcome instanceof BatchEnricher.Outcome.Failed failed) {
            deadLetter(buffered, DeadLetterReason.MODEL_ERROR, DeadLetterStage.ENRICH, failed.message());
            return;
        }
        TextEvent event = valid.event();
        List<ModelResult> results = ((BatchEnricher.Outcome.Enriched) outcome).results();
        DecisionPolicy.Verdict verdict = decisions.evaluate(results);
        EnrichedTextEvent enriched = new EnrichedTextEvent(event.getId(), event.getText(), event.getQuestion(),
                event.getLanguage(), event.getEventTime(), event.getMetadata(), results,
                Math.max(0, doneMs - buffered.arrivalMs()), batchSize, verdict.flags(), verdict.decision());
        Headers headers = DecisionHeaders.set(new RecordHeaders(buffered.headers().toArray()), verdict.decision());
        List<String> topics = verdict.action().destinations(output.name());
        List<Delivery> deliveries = new ArrayList<>(topics.size());
        for (String topic : topics) {
            byte[] bytes;
            try {
                bytes = serializer.serialize(topic, headers, enriched);
            } catch (RuntimeException e) {
                // Nothing of the event is forwarded yet: a registry fault fails the task and the event is read again.
                DeadLetterClassifier.registryFault(e).ifPresent(fault -> {
                    throw fault;
                });
                deadLetter(buffered, DeadLetterReason.PRODUCTION_ERROR, DeadLetterStage.SERIALIZE,
                        DeadLetterHeaders.describe(e));
                return;
            }
            long outputBytes = EventAdmission.recordBytes(buffered.key(), bytes, headers);
            if (outputBytes > admission.limits().maxEventBytes()) {
                deadLetter(buffered, DeadLetterReason.EVENT_TOO_LARGE, DeadLetterStage.SERIALIZE, "enriched event of "
                        + outputBytes + " bytes exceeds the limit of " + admission.limits().maxEventBytes());
                return;
            }
            deliveries.add(new Delivery(topic, bytes));
        }
        for (Delivery delivery : deliveries) {
            context.forward(new Record<>(buffered.key(), new Routed.Pass<>(delivery), buffered.timestamp(),
                    new RecordHeaders(headers.toArray())));
        }
        listener.recordOut(pipeline, Duration.ofMillis(Math.max(0, doneMs - buffered.timestamp())));
        listener.decided(pipeline, verdict.decision().getRule(), verdict.decision().getAction());
    }

    private void deadLetter(BufferedEvent buffered, DeadLetterReason reason, DeadLetterStage stage, String message) {
        listener.deadLetter(pipeline, reason);
        context.forward(new Record<byte[], Routed<Delivery>>(buffered.key(), new Routed.Dead<>(buffered.value()),
                buffered.timestamp(), DeadLetterHeaders.of(buffered.headers(), reason, stage, message,
                buffered.source(), context.currentSystemTimeMs())));
    }
}
