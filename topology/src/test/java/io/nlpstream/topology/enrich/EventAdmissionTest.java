package io.nlpstream.topology.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.OverLengthPolicy;
import io.nlpstream.topology.TextLimit;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.deadletter.DeadLetterStage;
import io.nlpstream.topology.support.Events;
import io.nlpstream.topology.support.FramedTestFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class EventAdmissionTest {
    static final EventLimits LIMITS = new EventLimits(2048, 5, 100);
    final AtomicInteger decoded = new AtomicInteger();
    final Deserializer<TextEvent> counting = (topic, data) -> {
        decoded.incrementAndGet();
        return FramedTestFormat.textEvents().deserialize(topic, data);
    };
    final EventAdmission admission = new EventAdmission(Map.of("in", counting),
            new EventValidator(new TextLimit(20, OverLengthPolicy.TRUNCATE), LIMITS), LIMITS);

    static RecordHeaders headers(String key, int valueBytes) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(key, new byte[valueBytes]);
        return headers;
    }

    @Test
    void theRecordSizeCountsKeyValueAndHeadersAndIsCheckedBeforeDecoding() {
        assertThat(EventAdmission.recordBytes(new byte[3], new byte[5], headers("h\u00e9", 7))).isEqualTo(3 + 5 + 3 + 7);
        assertThat(EventAdmission.recordBytes(null, null, null)).isZero();

        byte[] value = FramedTestFormat.encode(Events.text("a", "fine"));
        EventAdmission.Verdict over = admission.admit("in", new byte[10], value, headers("h", 2048 - value.length - 10));
        assertThat(over).isEqualTo(new EventAdmission.Verdict.Reject(DeadLetterReason.EVENT_TOO_LARGE,
                DeadLetterStage.VALIDATE, "record of " + (2048 + 1) + " bytes exceeds the limit of 2048", true));
        assertThat(decoded).hasValue(0);

        assertThat(admission.admit("in", new byte[10], value, headers("h", 2048 - value.length - 11)))
                .isInstanceOf(EventAdmission.Verdict.Accept.class);
        assertThat(decoded).hasValue(1);
    }

    @Test
    void nullValuesUndecodableBytesAndInvalidEventsAreRejectedWithTheirStage() {
        assertThat(admission.admit("in", null, null, new RecordHeaders())).isEqualTo(new EventAdmission.Verdict.Reject(
                DeadLetterReason.NULL_VALUE, DeadLetterStage.VALIDATE, "record has no value", false));
        EventAdmission.Verdict garbage = admission.admit("in", null, new byte[] {9, 9}, new RecordHeaders());
        assertThat(garbage).extracting(v -> ((EventAdmission.Verdict.Reject) v).reason(),
                v -> ((EventAdmission.Verdict.Reject) v).stage())
                .containsExactly(DeadLetterReason.UNDECODABLE, DeadLetterStage.DECODE);
        EventAdmission.Verdict empty = admission.admit("in", null, FramedTestFormat.encode(Events.text("e", " ")),
                new RecordHeaders());
        assertThat(((EventAdmission.Verdict.Reject) empty).reason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
    }

    @Test
    void metadataOverItsLimitIsTooLargeWhileTextAndQuestionAreCut() {
        TextEvent rich = TextEvent.newBuilder(Events.question("e", "a text that is rather long, really", "why not now?"))
                .setMetadata(Map.of("k", "v".repeat(99))).build();
        EventAdmission.Verdict.Accept accepted = (EventAdmission.Verdict.Accept) admission.admit("in", null,
                FramedTestFormat.encode(rich), new RecordHeaders());
        assertThat(accepted.event().getText()).isEqualTo("a text that is rathe");
        assertThat(accepted.event().getQuestion()).isEqualTo("why n");
        assertThat(accepted.event().getMetadata()).isEqualTo(rich.getMetadata());

        TextEvent heavy = TextEvent.newBuilder(rich).setMetadata(Map.of("k", "v".repeat(99), "\u00e9", "")).build();
        assertThat(admission.admit("in", null, FramedTestFormat.encode(heavy), new RecordHeaders()))
                .isEqualTo(new EventAdmission.Verdict.Reject(DeadLetterReason.EVENT_TOO_LARGE,
                        DeadLetterStage.VALIDATE, "metadata of 102 bytes exceeds the limit of 100", false));
    }

    @Test
    void metadataBytesAreUtf8Bytes() {
        assertThat(EventValidator.metadataBytes(Map.of("a", "\u00e9\u4e2d\uD83D\uDE00")))
                .isEqualTo(1 + 2 + 3 + 4)
                .isEqualTo(("a" + "\u00e9\u4e2d\uD83D\uDE00").getBytes(StandardCharsets.UTF_8).length);
        assertThat(EventValidator.metadataBytes(null)).isZero();
    }
}
