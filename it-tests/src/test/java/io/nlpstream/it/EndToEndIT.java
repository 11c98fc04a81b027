package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppConfig.Input;
import io.nlpstream.it.support.AppConfig.Pipeline;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Corpus;
import io.nlpstream.it.support.EnrichedEvents;
import io.nlpstream.it.support.InferCommand;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Reconciliation;
import io.nlpstream.it.support.ReliabilityReport;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.NamedEntity;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1, end to end: 20,000 JSON events over 6 partitions through sentiment and NER, Avro out. Every event is
 * enriched exactly once, and each result equals what {@code nlp-stream infer} answers for the same text (labels,
 * entity groups, words and code-point spans exactly; scores within 1e-4).
 */
@ExtendWith(SuiteExtension.class)
class EndToEndIT {
    private static final String NAME = "end-to-end";
    private static final int EVENTS = 20_000;
    private static final int PARTITIONS = 6;
    private static final double SCORE_TOLERANCE = 1e-4;

    @Test
    void everyEventIsEnrichedOnceAsInferWouldAnswer(Infrastructure infra) {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, PARTITIONS);
        String output = topics.output();
        AppConfig config = AppConfig.of(infra, "it-" + NAME, dir.resolve("state"))
                .model("sentiment", infra.builtInModel("demo-sentiment"))
                .model("ner", infra.builtInModel("demo-ner"), Map.of("aggregation-strategy", "simple"))
                .pipeline(Pipeline.of(NAME, Input.json(topics.input()), output, topics.deadLetters(), "sentiment", "ner"));

        List<String> texts = Corpus.sentences(EVENTS, 1);
        List<Outgoing> events = Outgoing.jsonEvents(topics.input(), "e2e", texts);
        List<String> ids = Outgoing.ids(events);

        Reconciliation reconciliation;
        int exit;
        boolean allCameOut;
        List<EnrichedTextEvent> enriched = new ArrayList<>();
        try (AppProcess app = AppProcess.start(infra, NAME, config, dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, output, topics.deadLetters())) {
            traffic.sendAll(events);
            allCameOut = outcome.awaitAll(ids, Duration.ofMinutes(5));
            exit = app.stop();
            reconciliation = outcome.reconcile(ids, List.of());
            Deserializer<EnrichedTextEvent> avro = EnrichedEvents.avro(infra);
            for (ConsumerRecord<byte[], byte[]> record : outcome.output().records()) {
                enriched.add(avro.deserialize(output, record.headers(), record.value()));
            }
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time")
                .isTrue();
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
        assertThat(enriched).hasSize(EVENTS);

        assertEqualToInfer(infra, dir, enriched, texts);
    }

    private static void assertEqualToInfer(Infrastructure infra, Path dir, List<EnrichedTextEvent> enriched,
                                           List<String> texts) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(texts));
        List<JsonNode> sentiment = InferCommand.run(infra, dir, "infer-sentiment", distinct, "text-classification",
                infra.builtInModel("demo-sentiment"));
        List<JsonNode> ner = InferCommand.run(infra, dir, "infer-ner", distinct, "token-classification",
                infra.builtInModel("demo-ner"),
                "--aggregation-strategy", "simple");
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            index.put(distinct.get(i), i);
        }
        for (EnrichedTextEvent event : enriched) {
            Integer i = index.get(event.getText());
            assertThat(i).as("text of %s is one that was produced", event.getId()).isNotNull();
            assertThat(event.getText()).isEqualTo(texts.get(Integer.parseInt(event.getId().substring(4))));
            assertSameLabel(event, sentiment.get(i));
            assertSameEntities(event, ner.get(i));
        }
    }

    private static void assertSameLabel(EnrichedTextEvent event, JsonNode expected) {
        List<Label> labels = EnrichedEvents.result(event, "sentiment").getLabels();
        assertThat(labels).as("labels of %s", event.getId()).hasSize(1);
        assertThat(labels.get(0).getLabel()).as("label of %s", event.getId())
                .isEqualTo(expected.get("label").asText());
        assertThat(labels.get(0).getScore()).as("score of %s", event.getId())
                .isCloseTo(expected.get("score").asDouble(), within(SCORE_TOLERANCE));
    }

    private static void assertSameEntities(EnrichedTextEvent event, JsonNode expected) {
        List<NamedEntity> entities = EnrichedEvents.result(event, "ner").getEntities();
        assertThat(entities).as("entities of %s (%s)", event.getId(), event.getText()).hasSize(expected.size());
        for (int e = 0; e < entities.size(); e++) {
            NamedEntity actual = entities.get(e);
            JsonNode want = expected.get(e);
            String what = "entity " + e + " of " + event.getId() + " (" + event.getText() + ")";
            assertThat(actual.getGroup()).as(what).isEqualTo(want.get("entity_group").asText());
            assertThat(actual.getWord()).as(what).isEqualTo(want.get("word").asText());
            assertThat(actual.getStart()).as(what).isEqualTo(want.get("start").asInt());
            assertThat(actual.getEnd()).as(what).isEqualTo(want.get("end").asInt());
            assertThat(actual.getScore()).as(what).isCloseTo(want.get("score").asDouble(), within(SCORE_TOLERANCE));
        }
    }
}
