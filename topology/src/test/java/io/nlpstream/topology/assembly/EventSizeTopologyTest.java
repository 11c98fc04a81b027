package io.nlpstream.topology.assembly;

import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.ModelSet;
import io.nlpstream.topology.ModelStep;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.StreamsConfigs;
import static io.nlpstream.topology.support.Events.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.enrich.EventAdmission;
import io.nlpstream.topology.support.CountingListener;
import io.nlpstream.topology.support.FakeModels;
import io.nlpstream.topology.support.FramedTestFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, point 1: no event can make the topology write a record Kafka refuses. The reproduction is the issue's
 * own input: 22 ordinary events and one whose metadata holds a 600,000-character value (a 600 KB record, well under
 * the input topic's 1 MB). Before the fix the buffer stored the original bytes and the decoded event, a 1.2 MB
 * changelog record above the producer's 1 MiB {@code max.request.size}: the transaction failed and every partition
 * of the instance stalled. Kafka's limits are not enforced by the test driver, so the test checks every record the
 * topology writes against them.
 */
class EventSizeTopologyTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final String CHANGELOG = "nlp-test-" + EnrichmentTopology.bufferStoreName("p") + "-changelog";
    /** Kafka's defaults: the producer's {@code max.request.size}, and a topic's {@code max.message.bytes}. */
    static final int KAFKA_MAX_REQUEST_SIZE = 1_048_576;
    static final int KAFKA_MAX_MESSAGE_BYTES = 1_048_588;

    @TempDir
    Path stateDir;

    final CountingListener listener = new CountingListener();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> in;
    TestOutputTopic<byte[], byte[]> out;
    TestOutputTopic<byte[], byte[]> dlq;
    TestOutputTopic<byte[], byte[]> changelog;
    Properties props;

    void start(EventLimits limits) {
        EnrichmentSettings settings = new EnrichmentSettings(List.of(PipelineSettings.of("p", List.of("in"), "out",
                        "dlq", List.of(new ModelStep.Classify("sentiment", ClassificationOptions.DEFAULTS)))
                .withLimits(limits)
                .withBatch(new BatchSettings(5, Duration.ofSeconds(10), Duration.ofSeconds(1)))), null,
                EventSerdes.of(FramedTestFormat.textEvents(), FramedTestFormat.enrichedEvents()));
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentTopology.build(builder, settings, ModelSet.builder()
                .classifier("sentiment", new FakeModels.Sentiment()).build(), listener);
        props = StreamsConfigs.forTopology("nlp-test", "unused:9092", settings, listener);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props, START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        in = driver.createInputTopic("in", bytes, bytes, START, Duration.ZERO);
        ByteArrayDeserializer raw = new ByteArrayDeserializer();
        out = driver.createOutputTopic("out", raw, raw);
        dlq = driver.createOutputTopic("dlq", raw, raw);
        changelog = driver.createOutputTopic(CHANGELOG, raw, raw);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    static TestRecord<byte[], byte[]> record(String id, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", ("t-" + id).getBytes(StandardCharsets.UTF_8));
        return new TestRecord<>(id.getBytes(StandardCharsets.UTF_8), value, headers, START);
    }

    static long size(TestRecord<byte[], byte[]> r) {
        return EventAdmission.recordBytes(r.key(), r.value(), r.headers());
    }

    static String header(TestRecord<byte[], byte[]> record, String name) {
        return DeadLetterHeaders.read(record.headers(), name);
    }

    @Test
    void theIssuesEventWithA600KbMetadataValueIsDeadLetteredAndEveryRecordWrittenFitsKafkasDefaults() {
        start(EventLimits.DEFAULTS);
        List<String> ids = new ArrayList<>();
        byte[] big = null;
        for (int i = 0; i < 23; i++) {
            String id = "big-" + i;
            TextEvent event = text(id, "event number " + i);
            if (i == 11) {
                event = TextEvent.newBuilder(event).setMetadata(Map.of("blob", "x".repeat(600_000))).build();
                big = FramedTestFormat.encode(event);
            } else {
                ids.add(id);
            }
            in.pipeInput(record(id, FramedTestFormat.encode(event)));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertThat(out.readRecordsToList()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(ids);
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("big-11");
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("EVENT_TOO_LARGE");
        assertThat(header(dead, DeadLetterHeaders.STAGE)).isEqualTo("VALIDATE");
        assertThat(header(dead, DeadLetterHeaders.MESSAGE)).isEqualTo(
                "metadata of 600004 bytes exceeds the limit of 65536");
        assertThat(dead.value()).as("a 600 KB record fits: its dead letter keeps the original bytes").isEqualTo(big);
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_SIZE)).isNull();
        assertThat(header(dead, "trace")).isEqualTo("t-big-11");

        List<TestRecord<byte[], byte[]>> written = new ArrayList<>(changelog.readRecordsToList());
        written.add(dead);
        assertThat(written).allSatisfy(r -> assertThat(size(r)).isLessThanOrEqualTo(
                EventLimits.DEFAULTS.maxRecordBytes()).isLessThan(KAFKA_MAX_REQUEST_SIZE)
                .isLessThan(KAFKA_MAX_MESSAGE_BYTES));
        assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
                .isEqualTo(KAFKA_MAX_REQUEST_SIZE);
    }

    @Test
    void aRecordOverTheEventLimitIsDeadLetteredAsATruncatedCopyWithItsSizeBeforeItIsDecoded() {
        start(EventLimits.DEFAULTS);
        // A 2 MB question on a topic that accepts it; it is never decoded, so its content does not matter.
        TextEvent huge = TextEvent.newBuilder(text("huge", "short text")).setQuestion("why ".repeat(500_000)).build();
        byte[] value = FramedTestFormat.encode(huge);
        in.pipeInput(record("huge", value));
        in.pipeInput(record("garbage-but-huge", new byte[1_500_000]));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(2).allSatisfy(r -> {
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("EVENT_TOO_LARGE");
            assertThat(r.value()).hasSize(16 * 1024);
            assertThat(header(r, "trace")).startsWith("t-");
            assertThat(size(r)).isLessThan(EventLimits.DEFAULTS.maxEventBytes());
        });
        assertThat(dead.get(0).value()).isEqualTo(java.util.Arrays.copyOf(value, 16 * 1024));
        long originalSize = EventAdmission.recordBytes("huge".getBytes(StandardCharsets.UTF_8), value,
                record("huge", value).headers());
        assertThat(header(dead.get(0), DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo(Long.toString(originalSize));
        assertThat(header(dead.get(0), DeadLetterHeaders.MESSAGE)).isEqualTo("record of " + originalSize
                + " bytes exceeds the limit of 1000000");
        // Not an INVALID_EVENT: the size is checked before decoding.
        assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).isEqualTo("EVENT_TOO_LARGE");
        assertThat(changelog.isEmpty()).isTrue();
        assertThat(listener.reasons.get(io.nlpstream.topology.deadletter.DeadLetterReason.EVENT_TOO_LARGE).get())
                .isEqualTo(2);
    }

    @Test
    void anEnrichedEventThatWouldSerializeOverTheLimitIsDeadLetteredWithTheOriginalBytes() {
        EventLimits tight = new EventLimits(4096, 1000, 4096);
        start(tight);
        // Just under the limit on the way in; echoed out with the model's results it would pass it.
        TextEvent base = TextEvent.newBuilder(text("e", "a good day")).setMetadata(Map.of("notes", "")).build();
        int room = 4096 - 8 - (int) size(record("e", FramedTestFormat.encode(base)));
        TextEvent event = TextEvent.newBuilder(base).setMetadata(Map.of("notes", "n".repeat(room))).build();
        byte[] value = FramedTestFormat.encode(event);
        assertThat(size(record("e", value))).isBetween(4080L, 4096L);
        in.pipeInput(record("e", value));
        in.pipeInput(record("small", FramedTestFormat.encode(text("small", "fine"))));
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertThat(out.readRecordsToList()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("small");
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("EVENT_TOO_LARGE");
        assertThat(header(dead, DeadLetterHeaders.STAGE)).isEqualTo("SERIALIZE");
        assertThat(header(dead, DeadLetterHeaders.MESSAGE)).startsWith("enriched event of ")
                .endsWith(" bytes exceeds the limit of 4096");
        assertThat(dead.value()).isEqualTo(value);
    }

    @Test
    void theBufferChangelogAndTheProducerAreSizedForTheLimit() {
        EventLimits eightMb = new EventLimits(8_000_000, 1000, 64 * 1024);
        assertThat(EnrichmentTopology.bufferChangelogConfig(eightMb))
                .containsEntry("max.message.bytes", "8016384")
                .containsEntry("segment.bytes", String.valueOf(64 * 1024 * 1024))
                .containsEntry("segment.ms", "3600000")
                .containsEntry("delete.retention.ms", "3600000");
        assertThat(EnrichmentTopology.bufferChangelogConfig(EventLimits.DEFAULTS))
                .containsEntry("max.message.bytes", "1016384");
        start(eightMb);
        assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
                .isEqualTo(8_016_384);
        TextEvent event = TextEvent.newBuilder(text("e", "a good day"))
                .setMetadata(Map.of("blob", "x".repeat(60_000))).build();
        in.pipeInput(record("e", FramedTestFormat.encode(event)));
        assertThat(changelog.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(size(r)).isLessThan(FramedTestFormat.encode(event).length + 200));
    }
}
