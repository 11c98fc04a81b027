package io.nlpstream.topology.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.OverLengthPolicy;
import io.nlpstream.topology.TextLimit;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.deadletter.SourcePosition;
import io.nlpstream.topology.support.Events;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventValidatorAndSerdeTest {

    @Test
    void acceptsRejectsAndTruncatesByCodePoints() {
        EventValidator reject = new EventValidator(new TextLimit(3, OverLengthPolicy.REJECT), EventLimits.DEFAULTS);
        EventValidator truncate = new EventValidator(new TextLimit(3, OverLengthPolicy.TRUNCATE),
                EventLimits.DEFAULTS);
        TextEvent emoji = Events.text("e", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"); // 3 code points, 6 chars

        assertThat(reject.validate(emoji)).isInstanceOf(EventValidator.Verdict.Accept.class);
        assertThat(reject.validate(Events.text("e", "abcd")))
                .isEqualTo(new EventValidator.Verdict.Reject(DeadLetterReason.TEXT_TOO_LONG,
                        "text of 4 code points exceeds the limit of 3"));
        assertThat(((EventValidator.Verdict.Accept) truncate.validate(Events.text("e", "ab\uD83D\uDE00cd")))
                .event().getText()).isEqualTo("ab\uD83D\uDE00");
        assertThat(reject.validate(Events.text("e", " \t\n"))).isInstanceOf(EventValidator.Verdict.Reject.class)
                .extracting(v -> ((EventValidator.Verdict.Reject) v).reason()).isEqualTo(DeadLetterReason.EMPTY_TEXT);
    }

    @Test
    void bufferedEventsRoundTripWithEveryPart() {
        BufferedEventSerde serde = new BufferedEventSerde();
        RecordHeaders headers = new RecordHeaders();
        headers.add("a", "1".getBytes(StandardCharsets.UTF_8));
        headers.add("nothing", null);
        BufferedEvent original = new BufferedEvent(null, new byte[] {1, 2, 3}, 42L, headers,
                new SourcePosition("topic", 3, 99L), 1234L);

        BufferedEvent copy = serde.deserialize("t", serde.serialize("t", original));

        assertThat(copy.key()).isNull();
        assertThat(copy.value()).containsExactly(1, 2, 3);
        assertThat(copy.timestamp()).isEqualTo(42L);
        assertThat(copy.headers().toArray()).hasSize(2);
        assertThat(copy.headers().lastHeader("a").value()).isEqualTo("1".getBytes(StandardCharsets.UTF_8));
        assertThat(copy.headers().lastHeader("nothing").value()).isNull();
        assertThat(copy.source()).isEqualTo(new SourcePosition("topic", 3, 99L));
        assertThat(copy.arrivalMs()).isEqualTo(1234L);

        BufferedEvent unknownSource = new BufferedEvent(new byte[0], null, 1L, new RecordHeaders(),
                SourcePosition.UNKNOWN, 2L);
        assertThat(serde.deserialize("t", serde.serialize("t", unknownSource)).source())
                .isEqualTo(SourcePosition.UNKNOWN);
        assertThatThrownBy(() -> serde.deserialize("t", new byte[] {7, 0})).isInstanceOf(SerializationException.class);
    }
}
