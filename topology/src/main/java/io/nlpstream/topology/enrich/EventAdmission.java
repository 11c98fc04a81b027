package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.deadletter.DeadLetterClassifier;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.deadletter.DeadLetterStage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Whether an input record enters a pipeline, in the order the checks cost: a value at all, the record's size (before
 * anything is decoded or written), decoding with the topic's deserializer, then the {@link EventValidator}. A
 * registry that cannot be reached or refuses the credentials is no verdict on the record: that failure is thrown
 * ({@link DeadLetterClassifier#registryFault}) and fails the task, which reads the record again later. The
 * same decision is made on arrival ({@link DecodeProcessor}) and again for events restored into a buffer after a
 * restart ({@link MicroBatchProcessor}), which keeps only the original bytes.
 */
public final class EventAdmission {
    private final Map<String, Deserializer<TextEvent>> deserializers;
    private final EventValidator validator;
    private final EventLimits limits;

    /** @param deserializers by input topic name */
    public EventAdmission(Map<String, Deserializer<TextEvent>> deserializers, EventValidator validator,
                          EventLimits limits) {
        this.deserializers = Map.copyOf(deserializers);
        this.validator = validator;
        this.limits = limits;
    }

    /** The decision on one record. */
    public sealed interface Verdict {
        record Accept(TextEvent event) implements Verdict {
        }

        /**
         * @param oversized the record itself is over {@code maxEventBytes}, so its dead letter carries a truncated
         *                  copy
         */
        record Reject(DeadLetterReason reason, DeadLetterStage stage, String message, boolean oversized)
                implements Verdict {
        }
    }

    /** @param topic the input topic, or {@code null} when unknown (a single-input pipeline in unit tests) */
    public Verdict admit(String topic, byte[] key, byte[] value, Headers headers) {
        if (value == null) {
            return new Verdict.Reject(DeadLetterReason.NULL_VALUE, DeadLetterStage.VALIDATE, "record has no value",
                    false);
        }
        long bytes = recordBytes(key, value, headers);
        if (bytes > limits.maxEventBytes()) {
            return new Verdict.Reject(DeadLetterReason.EVENT_TOO_LARGE, DeadLetterStage.VALIDATE, "record of " + bytes
                    + " bytes exceeds the limit of " + limits.maxEventBytes(), true);
        }
        TextEvent event;
        try {
            event = deserializer(topic).deserialize(topic, headers, value);
        } catch (RuntimeException e) {
            DeadLetterClassifier.registryFault(e).ifPresent(fault -> {
                throw fault;
            });
            return new Verdict.Reject(DeadLetterClassifier.decodeFailure(e), DeadLetterStage.DECODE,
                    DeadLetterHeaders.describe(e), false);
        }
        if (event == null) {
            return new Verdict.Reject(DeadLetterReason.INVALID_EVENT, DeadLetterStage.DECODE,
                    "the deserializer returned no event", false);
        }
        EventValidator.Verdict verdict = validator.validate(event);
        if (verdict instanceof EventValidator.Verdict.Reject reject) {
            return new Verdict.Reject(reject.reason(), DeadLetterStage.VALIDATE, reject.message(), false);
        }
        return new Verdict.Accept(((EventValidator.Verdict.Accept) verdict).event());
    }

    public EventLimits limits() {
        return limits;
    }

    /** A record's size as its parts count: key, value, and every header's key (UTF-8) and value. */
    public static long recordBytes(byte[] key, byte[] value, Headers headers) {
        long bytes = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        if (headers != null) {
            for (Header header : headers) {
                bytes += header.key().getBytes(StandardCharsets.UTF_8).length
                        + (header.value() == null ? 0 : header.value().length);
            }
        }
        return bytes;
    }

    private Deserializer<TextEvent> deserializer(String topic) {
        Deserializer<TextEvent> deserializer = topic == null ? null : deserializers.get(topic);
        if (deserializer == null) {
            // Only reachable with a single-topic pipeline used without record metadata (unit tests).
            if (deserializers.size() == 1) {
                return deserializers.values().iterator().next();
            }
            throw new IllegalStateException("no deserializer for topic " + topic);
        }
        return deserializer;
    }
}
