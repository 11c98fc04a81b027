package io.nlpstream.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.deadletter.DeadLetterStage;
import io.nlpstream.topology.deadletter.SourcePosition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** What a replay selects and what it re-publishes, from dead letters with the headers the topology writes. */
class ReplayableAndFilterTest {
    static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    static Headers deadLetterHeaders(DeadLetterReason reason, String sourceTopic, int partition, Instant at) {
        RecordHeaders original = new RecordHeaders();
        original.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        return DeadLetterHeaders.of(original, reason, DeadLetterStage.ENRICH, "model failed",
                new SourcePosition(sourceTopic, partition, 41), at.toEpochMilli());
    }

    static ConsumerRecord<byte[], byte[]> deadLetter(Headers headers, byte[] value) {
        return new ConsumerRecord<>("reviews-dlq", 0, 7, 1_234L, TimestampType.CREATE_TIME, 2, value == null ? -1
                : value.length, "k1".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    @Test
    void aDeadLetterIsRepublishedAsTheRecordItWasToItsSourcePartition() {
        byte[] value = {0, 0, 0, 0, 1, 42};
        var replayable = Replayable.of(deadLetter(deadLetterHeaders(DeadLetterReason.MODEL_ERROR, "reviews", 2, AT),
                value));

        assertThat(replayable).isInstanceOf(Replayable.Replay.class);
        var record = ((Replayable.Replay) replayable).record();
        assertThat(record.topic()).isEqualTo("reviews");
        assertThat(record.partition()).isEqualTo(2);
        assertThat(record.key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        assertThat(record.value()).isEqualTo(value);
        assertThat(record.timestamp()).isEqualTo(1_234L);
        assertThat(record.headers().toArray()).extracting(h -> h.key()).containsExactly("trace");
        assertThat(((Replayable.Replay) replayable).reason()).isEqualTo("MODEL_ERROR");
    }

    @Test
    void anUnknownSourcePartitionIsLeftToThePartitioner() {
        var replayable = Replayable.of(deadLetter(deadLetterHeaders(DeadLetterReason.MODEL_ERROR, "reviews", -1, AT),
                new byte[] {1}));
        assertThat(((Replayable.Replay) replayable).record().partition()).isNull();
    }

    @Test
    void truncatedCopiesMissingValuesAndUnknownSourcesAreSkippedWithTheReason() {
        Headers truncated = deadLetterHeaders(DeadLetterReason.EVENT_TOO_LARGE, "reviews", 0, AT);
        truncated.add(DeadLetterHeaders.ORIGINAL_SIZE, "2000000".getBytes(StandardCharsets.UTF_8));
        assertThat(Replayable.of(deadLetter(truncated, new byte[] {1})))
                .isEqualTo(new Replayable.Skip("its value is a truncated copy of a 2000000-byte record"));
        assertThat(Replayable.of(deadLetter(deadLetterHeaders(DeadLetterReason.NULL_VALUE, "reviews", 0, AT), null)))
                .isEqualTo(new Replayable.Skip("it has no value"));
        assertThat(Replayable.of(deadLetter(deadLetterHeaders(DeadLetterReason.PROCESSING_ERROR, null, -1, AT),
                new byte[] {1}))).isInstanceOf(Replayable.Skip.class);
    }

    @Test
    void theFilterSelectsByReasonSourceTopicAndTimeOfDeadLettering() {
        Headers modelError = deadLetterHeaders(DeadLetterReason.MODEL_ERROR, "reviews", 0, AT);
        Headers outage = deadLetterHeaders(DeadLetterReason.REGISTRY_UNAVAILABLE, "tickets", 0, AT.plusSeconds(60));

        assertThat(DeadLetterFilter.ALL.matches(modelError)).isTrue();
        assertThat(DeadLetterFilter.ALL.matches(new RecordHeaders())).as("not a dead letter").isFalse();

        var byReason = new DeadLetterFilter(Set.of(DeadLetterReason.REGISTRY_UNAVAILABLE), Set.of(), Optional.empty(),
                Optional.empty());
        assertThat(byReason.matches(modelError)).isFalse();
        assertThat(byReason.matches(outage)).isTrue();

        var bySource = new DeadLetterFilter(Set.of(), Set.of("reviews"), Optional.empty(), Optional.empty());
        assertThat(bySource.matches(modelError)).isTrue();
        assertThat(bySource.matches(outage)).isFalse();

        var window = new DeadLetterFilter(Set.of(), Set.of(), Optional.of(AT.plusSeconds(1)),
                Optional.of(AT.plusSeconds(61)));
        assertThat(window.matches(modelError)).as("before since").isFalse();
        assertThat(window.matches(outage)).isTrue();
        var until = new DeadLetterFilter(Set.of(), Set.of(), Optional.empty(), Optional.of(AT.plusSeconds(60)));
        assertThat(until.matches(outage)).as("until is exclusive").isFalse();
        assertThat(until.matches(modelError)).isTrue();
    }

    @Test
    void theSameFilterIsTheSameGroupAndADifferentFilterAnother() {
        var a = new DeadLetterFilter(Set.of(DeadLetterReason.MODEL_ERROR, DeadLetterReason.UNKNOWN_SCHEMA),
                Set.of("b", "a"), Optional.of(AT), Optional.empty());
        var sameInAnotherOrder = new DeadLetterFilter(Set.of(DeadLetterReason.UNKNOWN_SCHEMA,
                DeadLetterReason.MODEL_ERROR), Set.of("a", "b"), Optional.of(AT), Optional.empty());
        assertThat(DeadLetterReplay.groupId("dlq", a)).isEqualTo(DeadLetterReplay.groupId("dlq", sameInAnotherOrder))
                .startsWith("nlp-stream-replay.dlq.");
        assertThat(DeadLetterReplay.groupId("dlq", a)).isNotEqualTo(DeadLetterReplay.groupId("dlq",
                DeadLetterFilter.ALL));
        assertThatThrownBy(() -> new DeadLetterFilter(Set.of(), Set.of(), Optional.of(AT), Optional.of(AT)))
                .hasMessageContaining("is not before");
    }
}
