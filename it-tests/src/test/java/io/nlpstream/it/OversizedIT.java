package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nlpstream.it.cluster.KafkaCluster;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Corpus;
import io.nlpstream.it.support.EnrichedEvents;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Reconciliation;
import io.nlpstream.it.support.ReliabilityReport;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.SentimentParity;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.TopicCollector;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario oversized: under load, events with 600 KB of metadata, a 990 KB text and a 2 MB question arrive on an
 * input topic that accepts them (default limits: 1,000,000-byte events, 64 KiB metadata). Each is dead-lettered once
 * as {@code EVENT_TOO_LARGE} or enriched within the limit; every other event is enriched exactly once, and no record
 * stalls the stream (the longest stall is in the report; the target is 10 s, the assertion's bound is
 * generous because this machine is shared and slow, while the fault it guards against stalled forever).
 */
@ExtendWith(SuiteExtension.class)
class OversizedIT {
    private static final String NAME = "oversized";
    private static final int EVENTS = 2_000;
    private static final int COPIES = 3;
    private static final int PER_SECOND = 100;
    private static final int MAX_EVENT_BYTES = 1_000_000;
    private static final Duration STALL_BOUND = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oversizedEventsAreDeadLetteredOrEnrichedWithinLimitsAndStallNothing(Infrastructure infra) {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = new ScenarioTopics(NAME + "-events", NAME + "-enriched", NAME + "-dlq");
        infra.cluster().createTopics(List.of(
                KafkaCluster.topic(topics.input(), 3, Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024))),
                KafkaCluster.topic(topics.output(), 3), KafkaCluster.topic(topics.deadLetters(), 1)));
        List<String> texts = Corpus.sentences(EVENTS, 14);
        List<Outgoing> normal = Outgoing.jsonEvents(topics.input(), NAME, texts);
        List<Outgoing> metadata = new ArrayList<>();
        List<Outgoing> text = new ArrayList<>();
        List<Outgoing> question = new ArrayList<>();
        for (int i = 0; i < COPIES; i++) {
            ObjectNode m = event(NAME + "-metadata-" + i, "a short text with a lot of metadata");
            m.putObject("metadata").put("blob", "m".repeat(600_000));
            metadata.add(outgoing(topics.input(), m));
            text.add(outgoing(topics.input(), event(NAME + "-text-" + i, "the service was great ".repeat(45_000))));
            ObjectNode q = event(NAME + "-question-" + i, "the answer is here");
            q.put("question", "what ".repeat(400_000));
            question.add(outgoing(topics.input(), q));
        }
        List<Outgoing> all = new ArrayList<>(normal);
        Random random = new Random(14);
        for (List<Outgoing> kind : List.of(metadata, text, question)) {
            for (Outgoing big : kind) {
                all.add(random.nextInt(all.size()), big);
            }
        }
        List<String> oversizedIds = new ArrayList<>(Outgoing.ids(metadata));
        oversizedIds.addAll(Outgoing.ids(text));
        oversizedIds.addAll(Outgoing.ids(question));

        Reconciliation reconciliation;
        int exit;
        boolean allCameOut;
        List<EnrichedTextEvent> enriched = new ArrayList<>();
        try (AppProcess app = AppProcess.start(infra, NAME, Scenarios.sentimentApp(infra, NAME, dir.resolve("state"),
                topics), dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            traffic.sendAtRate(all, PER_SECOND).awaitDone(Duration.ofMinutes(3));
            allCameOut = outcome.awaitAll(Outgoing.ids(all), Duration.ofMinutes(4));
            exit = app.stop();
            TopicCollector output = outcome.output();
            output.drain(Duration.ofMinutes(1));
            outcome.deadLetters().drain(Duration.ofMinutes(1));
            List<String> enrichedIds = new ArrayList<>(Outgoing.ids(normal));
            List<String> deadIds = new ArrayList<>();
            for (String id : oversizedIds) {
                (output.count(id) > 0 ? enrichedIds : deadIds).add(id);
            }
            reconciliation = outcome.reconcile(enrichedIds, deadIds);
            var decode = EnrichedEvents.avro(infra);
            for (ConsumerRecord<byte[], byte[]> record : output.records()) {
                String id = TopicCollector.idOf(record);
                if (oversizedIds.contains(id)) {
                    assertThat(record.serializedKeySize() + record.serializedValueSize())
                            .as("%s enriched within the event limit", id).isLessThanOrEqualTo(MAX_EVENT_BYTES);
                } else {
                    enriched.add(decode.deserialize(topics.output(), record.headers(), record.value()));
                }
            }
            for (ConsumerRecord<byte[], byte[]> letter : outcome.deadLetters().records()) {
                assertThat(new String(letter.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                        .as("reason of %s", TopicCollector.idOf(letter)).isEqualTo("EVENT_TOO_LARGE");
            }
            assertThat(Outgoing.ids(metadata)).as("600 KB of metadata is over the 64 KiB limit")
                    .allSatisfy(id -> assertThat(outcome.deadLetters().count(id)).isEqualTo(1));
            assertThat(Outgoing.ids(question)).as("a 2 MB record is over the 1,000,000-byte limit")
                    .allSatisfy(id -> assertThat(outcome.deadLetters().count(id)).isEqualTo(1));
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time").isTrue();
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
        assertThat(reconciliation.stalledSeconds()).as("longest stall, seconds")
                .isLessThan((double) STALL_BOUND.toSeconds());
        SentimentParity.assertSample(infra, dir, enriched, 20);
    }

    private static ObjectNode event(String id, String text) {
        return JSON.createObjectNode().put("id", id).put("text", text);
    }

    private static Outgoing outgoing(String topic, ObjectNode event) {
        return new Outgoing(topic, event.get("id").asText(), event.toString().getBytes(StandardCharsets.UTF_8));
    }
}
