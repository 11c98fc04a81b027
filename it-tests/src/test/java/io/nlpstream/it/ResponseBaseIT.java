package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.it.cluster.KafkaCluster;
import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppConfig.Input;
import io.nlpstream.it.support.AppConfig.Pipeline;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.EnrichedEvents;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Poll;
import io.nlpstream.it.support.Reconciliation;
import io.nlpstream.it.support.ReliabilityReport;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.TopicCollector;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.RankingHit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 6, response-base updates under load: events are ranked (all-MiniLM-L6-v2, int8) against a compacted
 * response base while one response changes its text, one is deleted by a tombstone and one is added. Once the app's
 * {@code /v1/rank} shows the new base, every event produced afterwards is ranked against it: the changed response
 * matches its new text and no longer its old one, the deleted one never appears, the new one is found. And the
 * stream loses and duplicates nothing while the base changes.
 */
@ExtendWith(SuiteExtension.class)
class ResponseBaseIT {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseBaseIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "ranking";
    private static final int TOP_K = 3;
    private static final int PER_SECOND = 40;
    /** Enough for three minutes of load; the scenario stops it a few seconds after the last probes. */
    private static final int AT_MOST = PER_SECOND * 180;
    private static final Duration LOAD_BEFORE_CHANGES = Duration.ofSeconds(4);
    private static final Duration STEADY_TAIL = Duration.ofSeconds(10);
    /** A text ranked against itself: cosine 1, less the int8 model's per-batch quantisation noise. */
    private static final double SAME_TEXT = 0.9;

    private static final Map<String, String> BASE = base();
    private static final String CHANGED = "r03";
    private static final String CHANGED_TEXT = "Can I bring my dog into the store?";
    private static final String DELETED = "r07";
    private static final String ADDED = "r13";
    private static final String ADDED_TEXT = "Do you offer gift wrapping for presents?";

    @Test
    void updatesAndTombstonesUnderLoadAreReflectedInRankings(Infrastructure infra) {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 3);
        String responses = NAME + "-responses";
        String embeddings = NAME + "-responses-embeddings";
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        infra.cluster().createTopics(List.of(KafkaCluster.topic(responses, 3, compacted),
                KafkaCluster.topic(embeddings, 3, compacted)));
        AppConfig config = AppConfig.of(infra, "it-" + NAME, dir.resolve("state"))
                .model("sentiment", infra.builtInModel("demo-sentiment"))
                .model("ranker", infra.builtInModel("all-MiniLM-L6-v2-q"),
                        Map.of("pooling", "mean", "normalize", true))
                .responseBase(responses, embeddings, "ranker", TOP_K)
                .pipeline(Pipeline.of(NAME, Input.json(topics.input()), topics.output(), topics.deadLetters(),
                        "sentiment", "ranker"));

        List<Outgoing> background = backgroundEvents(topics.input());
        List<String> ids = new ArrayList<>();
        Reconciliation reconciliation;
        int exit;
        boolean allCameOut;
        try (Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            BASE.forEach((id, text) -> traffic.send(response(responses, id, text)));
            traffic.flush();
            try (AppProcess app = AppProcess.start(infra, NAME, config, dir)) {
                awaitRank(app, BASE.size(), BASE.get(DELETED), DELETED);
                Traffic.Background load = traffic.sendAtRate(background, PER_SECOND);
                Poll.pause(LOAD_BEFORE_CHANGES);

                Map<String, String> before = Map.of("before-changed", BASE.get(CHANGED),
                        "before-deleted", BASE.get(DELETED));
                Map<String, List<RankingHit>> beforeHits = probe(infra, traffic, outcome, topics.input(), before);
                assertThat(top(beforeHits.get("before-changed"))).isEqualTo(CHANGED);
                assertThat(top(beforeHits.get("before-deleted"))).isEqualTo(DELETED);

                LOG.info("{}: changing {}, deleting {}, adding {} with {} events sent", NAME, CHANGED, DELETED,
                        ADDED, load.sent());
                traffic.send(response(responses, CHANGED, CHANGED_TEXT));
                traffic.send(new Outgoing(responses, DELETED, null));
                traffic.send(response(responses, ADDED, ADDED_TEXT));
                traffic.flush();
                awaitRank(app, BASE.size(), CHANGED_TEXT, CHANGED);
                awaitRank(app, BASE.size(), ADDED_TEXT, ADDED);
                Poll.until(Duration.ofMinutes(1), "the deleted response gone from /v1/rank",
                        () -> !rank(app, BASE.get(DELETED)).toString().contains("\"" + DELETED + "\""));
                int sentBeforeUpdate = load.sent();
                LOG.info("{}: the app ranks against the new base after {} events", NAME, sentBeforeUpdate);

                Map<String, String> after = Map.of("after-changed", CHANGED_TEXT, "after-old-text", BASE.get(CHANGED),
                        "after-deleted", BASE.get(DELETED), "after-added", ADDED_TEXT);
                Map<String, List<RankingHit>> afterHits = probe(infra, traffic, outcome, topics.input(), after);
                assertThat(top(afterHits.get("after-changed"))).isEqualTo(CHANGED);
                assertThat(afterHits.get("after-changed").get(0).getText()).isEqualTo(CHANGED_TEXT);
                assertThat(afterHits.get("after-changed").get(0).getScore()).isGreaterThan(SAME_TEXT);
                assertThat(top(afterHits.get("after-old-text"))).isNotEqualTo(CHANGED);
                assertThat(afterHits.get("after-deleted")).extracting(RankingHit::getResponseId)
                        .doesNotContain(DELETED);
                assertThat(top(afterHits.get("after-added"))).isEqualTo(ADDED);
                Poll.pause(STEADY_TAIL);
                load.stop();
                load.awaitDone(Duration.ofMinutes(2));
                ids.addAll(load.sentIds());
                ids.addAll(prefixed(before.keySet()));
                ids.addAll(prefixed(after.keySet()));
                allCameOut = outcome.awaitAll(ids, Duration.ofMinutes(4));
                exit = app.stop();
                reconciliation = outcome.reconcile(ids, List.of());
                ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
                assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time")
                        .isTrue();
                assertLaterEventsNeverSeeTheDeletedResponse(infra, outcome.output(),
                        background.subList(sentBeforeUpdate, load.sent()));
            }
        }
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
    }

    /** Background load: questions a customer would ask, many of them close to a response. */
    private static List<Outgoing> backgroundEvents(String topic) {
        Random random = new Random(6);
        List<String> texts = new ArrayList<>(List.copyOf(BASE.values()));
        texts.addAll(List.of("my password does not work", "I want my money back", "when does my parcel arrive",
                "the delivery was late and the box was damaged", "can you send it to Germany"));
        List<String> chosen = new ArrayList<>(AT_MOST);
        for (int i = 0; i < AT_MOST; i++) {
            chosen.add(texts.get(random.nextInt(texts.size())));
        }
        return Outgoing.jsonEvents(topic, NAME, chosen);
    }

    /** Sends one event per text, waits for their enrichment and returns each probe's ranking hits. */
    private static Map<String, List<RankingHit>> probe(Infrastructure infra, Traffic traffic, Outcome outcome,
                                                       String topic, Map<String, String> probes) {
        List<Outgoing> events = new ArrayList<>();
        probes.forEach((name, text) -> events.add(Outgoing.json(topic, NAME + "-probe-" + name, text)));
        traffic.sendAll(events);
        assertThat(outcome.awaitAll(Outgoing.ids(events), Duration.ofMinutes(2))).as("probes enriched").isTrue();
        Deserializer<EnrichedTextEvent> avro = EnrichedEvents.avro(infra);
        Map<String, List<RankingHit>> hits = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : outcome.output().records()) {
            String id = TopicCollector.idOf(record);
            if (Outgoing.ids(events).contains(id)) {
                EnrichedTextEvent event = avro.deserialize(outcome.output().topic(), record.headers(), record.value());
                hits.put(id.substring((NAME + "-probe-").length()), EnrichedEvents.result(event, "ranker").getHits());
            }
        }
        LOG.info("{}: probe hits {}", NAME, hits);
        return hits;
    }

    private static void assertLaterEventsNeverSeeTheDeletedResponse(Infrastructure infra, TopicCollector output,
                                                                    List<Outgoing> laterEvents) {
        Set<String> later = Set.copyOf(Outgoing.ids(laterEvents));
        Deserializer<EnrichedTextEvent> avro = EnrichedEvents.avro(infra);
        int checked = 0;
        for (ConsumerRecord<byte[], byte[]> record : output.records()) {
            if (later.contains(TopicCollector.idOf(record))) {
                EnrichedTextEvent event = avro.deserialize(output.topic(), record.headers(), record.value());
                List<RankingHit> hits = EnrichedEvents.result(event, "ranker").getHits();
                assertThat(hits).as("hits of %s (%s), produced after the tombstone", event.getId(), event.getText())
                        .hasSize(TOP_K)
                        .extracting(RankingHit::getResponseId).doesNotContain(DELETED);
                if (event.getText().equals(BASE.get(CHANGED))) {
                    assertThat(top(hits)).as("top hit of %s, the changed response's old text", event.getId())
                            .isNotEqualTo(CHANGED);
                }
                checked++;
            }
        }
        assertThat(checked).as("events produced after the update").isEqualTo(later.size());
    }

    private static void awaitRank(AppProcess app, int baseSize, String query, String topId) {
        Poll.until(Duration.ofMinutes(2), "/v1/rank answers " + topId + " first for '" + query + "' over "
                + baseSize + " responses", () -> {
                    JsonNode answer = rank(app, query);
                    return answer.path("baseSize").asInt() == baseSize
                            && topId.equals(answer.path("hits").path(0).path("id").asText());
                }, () -> rank(app, query).toString());
    }

    private static JsonNode rank(AppProcess app, String query) {
        AppProcess.HttpAnswer answer = app.get("/v1/rank?k=" + TOP_K + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        try {
            return answer.status() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode()
                    .put("status", answer.status()).put("body", answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outgoing response(String topic, String id, String text) {
        return new Outgoing(topic, id, JSON.createObjectNode().put("text", text).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String top(List<RankingHit> hits) {
        return hits.isEmpty() ? null : hits.get(0).getResponseId();
    }

    private static List<String> prefixed(Collection<String> probeNames) {
        return probeNames.stream().map(name -> NAME + "-probe-" + name).toList();
    }

    private static Map<String, String> base() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("r01", "How do I reset my password?");
        base.put("r02", "Where is my order?");
        base.put("r03", "How can I cancel my subscription?");
        base.put("r04", "What payment methods do you accept?");
        base.put("r05", "How do I change my shipping address?");
        base.put("r06", "Can I get a refund for a damaged item?");
        base.put("r07", "How do I contact customer support?");
        base.put("r08", "Do you ship internationally?");
        base.put("r09", "How do I update my credit card details?");
        base.put("r10", "What are your opening hours?");
        base.put("r11", "How do I delete my account?");
        base.put("r12", "Is there a student discount?");
        return base;
    }
}
