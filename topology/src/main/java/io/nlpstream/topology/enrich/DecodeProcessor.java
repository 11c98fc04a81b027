package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.deadletter.DeadLetterClassifier;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.deadletter.DeadLetterStage;
import io.nlpstream.topology.deadletter.SourcePosition;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and validates raw input records. A valid event continues as a {@link BufferedEvent}; anything else
 * becomes a dead letter with the original key and value bytes: a null value, bytes that do not decode (reason from
 * {@link DeadLetterClassifier}: undecodable, invalid event, unknown schema, registry unavailable), an empty text, a
 * text over the limit under {@code REJECT}.
 */
public class DecodeProcessor implements Processor<byte[], byte[], byte[], Routed<BufferedEvent>> {
    private final String pipeline;
    private final Map<String, Deserializer<TextEvent>> deserializers;
    private final EventValidator validator;
    private final TopologyListener listener;
    private ProcessorContext<byte[], Routed<BufferedEvent>> context;

    /** @param deserializers by input topic name */
    public DecodeProcessor(String pipeline, Map<String, Deserializer<TextEvent>> deserializers,
                           EventValidator validator, TopologyListener listener) {
        this.pipeline = pipeline;
        this.deserializers = Map.copyOf(deserializers);
        this.validator = validator;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed<BufferedEvent>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        listener.recordIn(pipeline);
        SourcePosition source = context.recordMetadata()
                .map(m -> new SourcePosition(m.topic(), m.partition(), m.offset()))
                .orElse(SourcePosition.UNKNOWN);
        if (record.value() == null) {
            deadLetter(record, source, DeadLetterReason.NULL_VALUE, DeadLetterStage.VALIDATE, "record has no value");
            return;
        }
        TextEvent event;
        try {
            event = deserializer(source).deserialize(source.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, source, DeadLetterClassifier.decodeFailure(e), DeadLetterStage.DECODE,
                    DeadLetterHeaders.describe(e));
            return;
        }
        if (event == null) {
            deadLetter(record, source, DeadLetterReason.INVALID_EVENT, DeadLetterStage.DECODE,
                    "the deserializer returned no event");
            return;
        }
        EventValidator.Verdict verdict = validator.validate(event);
        if (verdict instanceof EventValidator.Verdict.Reject reject) {
            deadLetter(record, source, reject.reason(), DeadLetterStage.VALIDATE, reject.message());
        } else if (verdict instanceof EventValidator.Verdict.Accept accept) {
            context.forward(record.withValue(new Routed.Pass<>(new BufferedEvent(record.key(), record.value(),
                    record.timestamp(), record.headers(), source, context.currentSystemTimeMs(), accept.event()))));
        }
    }

    private Deserializer<TextEvent> deserializer(SourcePosition source) {
        Deserializer<TextEvent> deserializer = deserializers.get(source.topic());
        if (deserializer == null) {
            // Only reachable with a single-topic pipeline used without record metadata (unit tests).
            if (deserializers.size() == 1) {
                return deserializers.values().iterator().next();
            }
            throw new IllegalStateException("no deserializer for topic " + source.topic());
        }
        return deserializer;
    }

    private void deadLetter(Record<byte[], byte[]> record, SourcePosition source, DeadLetterReason reason,
                            DeadLetterStage stage, String message) {
        listener.deadLetter(pipeline, reason);
        context.forward(new Record<byte[], Routed<BufferedEvent>>(record.key(), new Routed.Dead<>(record.value()),
                record.timestamp(), DeadLetterHeaders.of(record.headers(), reason, stage, message, source,
                context.currentSystemTimeMs())));
    }
}
