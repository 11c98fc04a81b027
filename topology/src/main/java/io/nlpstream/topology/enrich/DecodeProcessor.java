package io.nlpstream.topology.enrich;

import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.OversizedCopy;
import io.nlpstream.topology.deadletter.SourcePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Admits raw input records into a pipeline ({@link EventAdmission}). An accepted event continues as a
 * {@link ValidEvent}; anything else becomes a dead letter with the original key and value bytes: a null value, a
 * record over the size limit (checked before it is decoded; its dead letter carries an {@link OversizedCopy}),
 * bytes that do not decode (undecodable, invalid event, unknown schema, registry unavailable), metadata over its
 * limit, an empty text, a text over the limit under {@code REJECT}.
 */
public class DecodeProcessor implements Processor<byte[], byte[], byte[], Routed<ValidEvent>> {
    private final String pipeline;
    private final EventAdmission admission;
    private final TopologyListener listener;
    private ProcessorContext<byte[], Routed<ValidEvent>> context;

    public DecodeProcessor(String pipeline, EventAdmission admission, TopologyListener listener) {
        this.pipeline = pipeline;
        this.admission = admission;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed<ValidEvent>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        listener.recordIn(pipeline);
        SourcePosition source = context.recordMetadata()
                .map(m -> new SourcePosition(m.topic(), m.partition(), m.offset()))
                .orElse(SourcePosition.UNKNOWN);
        EventAdmission.Verdict verdict = admission.admit(source.topic(), record.key(), record.value(),
                record.headers());
        if (verdict instanceof EventAdmission.Verdict.Accept accept) {
            BufferedEvent buffered = new BufferedEvent(record.key(), record.value(), record.timestamp(),
                    record.headers(), source, context.currentSystemTimeMs());
            context.forward(record.withValue(new Routed.Pass<>(new ValidEvent(buffered, accept.event()))));
            return;
        }
        EventAdmission.Verdict.Reject reject = (EventAdmission.Verdict.Reject) verdict;
        listener.deadLetter(pipeline, reject.reason());
        long now = context.currentSystemTimeMs();
        if (!reject.oversized()) {
            context.forward(new Record<byte[], Routed<ValidEvent>>(record.key(), new Routed.Dead<>(record.value()),
                    record.timestamp(), DeadLetterHeaders.of(record.headers(), reject.reason(), reject.stage(),
                    reject.message(), source, now)));
            return;
        }
        OversizedCopy copy = OversizedCopy.of(record.key(), record.value(), record.headers(),
                EventAdmission.recordBytes(record.key(), record.value(), record.headers()),
                admission.limits().maxEventBytes());
        Headers headers = DeadLetterHeaders.of(copy.headers(), reject.reason(), reject.stage(), reject.message(),
                source, now);
        headers.add(DeadLetterHeaders.ORIGINAL_SIZE,
                Long.toString(copy.originalBytes()).getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<byte[], Routed<ValidEvent>>(copy.key(), new Routed.Dead<>(copy.value()),
                record.timestamp(), headers));
    }
}
