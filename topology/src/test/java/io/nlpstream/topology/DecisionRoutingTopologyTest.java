package io.nlpstream.topology;

import static io.nlpstream.topology.support.Events.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.schemas.avro.Decision;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.Flag;
import io.nlpstream.topology.assembly.EnrichmentTopology;
import io.nlpstream.topology.decision.ActionSettings;
import io.nlpstream.topology.decision.DecisionHeaders;
import io.nlpstream.topology.decision.DecisionRule;
import io.nlpstream.topology.decision.DecisionSettings;
import io.nlpstream.topology.decision.RouteMode;
import io.nlpstream.topology.decision.RuleMatch;
import io.nlpstream.topology.decision.Thresholds;
import io.nlpstream.topology.support.CountingListener;
import io.nlpstream.topology.support.FakeModels;
import io.nlpstream.topology.support.FramedTestFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
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
 * Decisions in the running topology: the sentiment fake flags NEGATIVE (0.9) on texts without "good", the NER
 * fake flags PER (0.8) on capitalised words; "named-and-negative" blocks (copied to the block topic and kept in the
 * output), "negative" sends to review (moved: review topic only).
 */
class DecisionRoutingTopologyTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    final CountingListener listener = new CountingListener();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> in;
    TestOutputTopic<byte[], EnrichedTextEvent> out;
    TestOutputTopic<byte[], EnrichedTextEvent> blocked;
    TestOutputTopic<byte[], EnrichedTextEvent> review;
    TestOutputTopic<byte[], byte[]> dlq;

    static final DecisionRule BLOCK_NAMED = new DecisionRule("named-and-negative", null, RuleMatch.ALL,
            List.of("NEGATIVE", "PER"), null, "block");
    static final DecisionRule REVIEW_NEGATIVE = new DecisionRule("negative", "sentiment", RuleMatch.ANY,
            List.of("NEGATIVE"), null, "review");

    static DecisionSettings decisions(DecisionRule... rules) {
        return new DecisionSettings(Map.of("sentiment", Thresholds.of(0.5), "ner", new Thresholds(null,
                Map.of("PER", 0.7))), List.of(rules), List.of(new ActionSettings("block", "blocked", RouteMode.COPY),
                new ActionSettings("review", "review", RouteMode.MOVE)));
    }

    void start(DecisionSettings decisions) {
        PipelineSettings pipeline = PipelineSettings.of("mod", List.of("in"), "out", "dlq",
                        List.of(new ModelStep.Classify("sentiment", ClassificationOptions.DEFAULTS),
                                new ModelStep.Recognize("ner", TokenClassificationOptions.DEFAULTS)))
                .withBatch(new BatchSettings(3, Duration.ofSeconds(10), Duration.ofMillis(500)))
                .withDecisions(decisions);
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline), null,
                EventSerdes.of(FramedTestFormat.textEvents(), FramedTestFormat.enrichedEvents()));
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentTopology.build(builder, settings, ModelSet.builder().classifier("sentiment",
                new FakeModels.Sentiment()).tokenClassifier("ner", new FakeModels.Names()).build(), listener);
        Properties props = StreamsConfigs.forTopology("decisions-test", "unused:9092", settings, listener);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, START);
        ByteArraySerializer bytes = new ByteArraySerializer();
        in = driver.createInputTopic("in", bytes, bytes, START, Duration.ZERO);
        ByteArrayDeserializer keys = new ByteArrayDeserializer();
        out = driver.createOutputTopic("out", keys, FramedTestFormat.enrichedEvents().deserializer());
        blocked = driver.createOutputTopic("blocked", keys, FramedTestFormat.enrichedEvents().deserializer());
        review = driver.createOutputTopic("review", keys, FramedTestFormat.enrichedEvents().deserializer());
        dlq = driver.createOutputTopic("dlq", keys, new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    void send(String id, String text) {
        in.pipeInput(new TestRecord<>(id.getBytes(StandardCharsets.UTF_8), FramedTestFormat.encode(text(id, text)),
                null, 1000L));
    }

    static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aBlockedRecordLandsInTheBlockTopicAndTheOutputWithTheDecisionInHeadersAndValue() {
        start(decisions(BLOCK_NAMED, REVIEW_NEGATIVE));
        send("e1", "Bob was bad");
        send("e2", "a good day");
        send("e3", "bad weather");

        List<TestRecord<byte[], EnrichedTextEvent>> blockedRecords = blocked.readRecordsToList();
        assertThat(blockedRecords).extracting(r -> r.value().getId()).containsExactly("e1");
        TestRecord<byte[], EnrichedTextEvent> block = blockedRecords.get(0);
        assertThat(header(block.headers(), DecisionHeaders.ACTION)).isEqualTo("block");
        assertThat(header(block.headers(), DecisionHeaders.RULE)).isEqualTo("named-and-negative");
        assertThat(block.value().getDecision()).isEqualTo(new Decision("block", "named-and-negative"));
        assertThat(block.value().getFlags()).containsExactly(new Flag("NEGATIVE", 0.9, 0.5, "sentiment", "s1"),
                new Flag("PER", 0.8, 0.7, "ner", "n1"));

        List<TestRecord<byte[], EnrichedTextEvent>> outRecords = out.readRecordsToList();
        assertThat(outRecords).extracting(r -> r.value().getId()).containsExactly("e1", "e2");
        assertThat(outRecords.get(0).value()).isEqualTo(block.value());
        assertThat(header(outRecords.get(0).headers(), DecisionHeaders.ACTION)).isEqualTo("block");
        assertThat(new String(outRecords.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("e1");

        List<TestRecord<byte[], EnrichedTextEvent>> reviewRecords = review.readRecordsToList();
        assertThat(reviewRecords).extracting(r -> r.value().getId()).containsExactly("e3");
        assertThat(header(reviewRecords.get(0).headers(), DecisionHeaders.ACTION)).isEqualTo("review");
        assertThat(header(reviewRecords.get(0).headers(), DecisionHeaders.RULE)).isEqualTo("negative");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(listener.decisions).containsEntry("mod/named-and-negative/block", 1)
                .containsEntry("mod/negative/review", 1).containsEntry("mod/-/allow", 1);
    }

    @Test
    void aRecordThatMatchesNoRuleIsAllowedToTheOutputOnly() {
        start(decisions(BLOCK_NAMED, REVIEW_NEGATIVE));
        send("e1", "a good day");
        send("e2", "good news");
        send("e3", "all good");

        List<TestRecord<byte[], EnrichedTextEvent>> records = out.readRecordsToList();
        assertThat(records).hasSize(3).allSatisfy(r -> {
            assertThat(r.value().getDecision()).isEqualTo(new Decision("allow", null));
            assertThat(r.value().getFlags()).extracting(Flag::getLabel).containsExactly("POSITIVE");
            assertThat(header(r.headers(), DecisionHeaders.ACTION)).isEqualTo("allow");
            assertThat(r.headers().lastHeader(DecisionHeaders.RULE)).isNull();
        });
        assertThat(blocked.isEmpty()).isTrue();
        assertThat(review.isEmpty()).isTrue();
    }

    @Test
    void ruleOrderDecides() {
        start(decisions(REVIEW_NEGATIVE, BLOCK_NAMED));
        send("e1", "Bob was bad");
        send("e2", "a good day");
        send("e3", "bad weather");

        assertThat(blocked.isEmpty()).isTrue();
        assertThat(review.readRecordsToList()).extracting(r -> r.value().getId()).containsExactly("e1", "e3");
        assertThat(out.readRecordsToList()).extracting(r -> r.value().getId()).containsExactly("e2");
    }

    @Test
    void withoutDecisionSettingsEveryRecordIsAllowedWithNoFlags() {
        start(DecisionSettings.NONE);
        send("e1", "Bob was bad");
        send("e2", "a good day");
        send("e3", "bad weather");

        assertThat(out.readRecordsToList()).hasSize(3).allSatisfy(r -> {
            assertThat(r.value().getDecision()).isEqualTo(new Decision("allow", null));
            assertThat(r.value().getFlags()).isEmpty();
        });
    }

    @Test
    void invalidDecisionsFailTheBuildWithTheirSentences() {
        DecisionSettings bad = new DecisionSettings(Map.of("sentiment", Thresholds.of(0.5)), List.of(
                new DecisionRule("r", null, RuleMatch.ANY, List.of("NEGATIVE"), null, "delete")), List.of());
        assertThatThrownBy(() -> start(bad)).isInstanceOf(InvalidTopologySettingsException.class)
                .hasMessage("pipeline 'mod' decisions: Rule 'r' names action 'delete', which is not declared under "
                        + "actions (declared: allow).");
    }

    @Test
    void aRouteTopicMayNotBeTheDeadLetterOrAnInputTopic() {
        assertThatThrownBy(() -> PipelineSettings.of("mod", List.of("in"), "out", "dlq",
                        List.of(new ModelStep.Classify("sentiment", ClassificationOptions.DEFAULTS)))
                .withDecisions(new DecisionSettings(Map.of(), List.of(),
                        List.of(new ActionSettings("block", "dlq", RouteMode.COPY)))))
                .isInstanceOf(InvalidTopologySettingsException.class)
                .hasMessageContaining("routes decisions to 'dlq'");
    }
}
