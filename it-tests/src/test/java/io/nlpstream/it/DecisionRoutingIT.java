package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.it.cluster.KafkaCluster;
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
import io.nlpstream.it.support.Poll;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.Seeds;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.TopicCollector;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario: decisions and routing under a crash. Events with a known mix of opinions go through demo-sentiment
 * (all labels) with two rules: {@code very-negative} (negative at least 0.9) blocks, moved to the block topic;
 * {@code negative} (negative at least 0.5) sends to review, copied to the review topic and kept in the output;
 * anything else is allowed. The instance is SIGKILLed once under load and restarted. Every event's decision must be
 * what {@code nlp-stream infer} (same model, all labels) plus these rules give, in its value and its headers, and
 * every event must be written exactly once to each topic its decision names and to no other.
 */
@ExtendWith(SuiteExtension.class)
class DecisionRoutingIT {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionRoutingIT.class);
    private static final String NAME = "decisions";
    private static final int EVENTS = 3_000;
    private static final int PER_SECOND = 150;
    private static final double REVIEW_AT = 0.5;
    private static final double BLOCK_AT = 0.9;
    /**
     * Scores the stream computes in padded batches may differ from infer's in the last digits; an event this close
     * to a threshold may take either side of it (and is then checked against the side it took).
     */
    private static final double BORDER = 1e-4;

    enum Action { ALLOW, REVIEW, BLOCK }

    @Test
    void everyDecisionIsInferPlusTheRulesAndEveryRouteGetsItsCopyExactlyOnce(Infrastructure infra) {
        Random random = Seeds.random(NAME);
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 6);
        String blocked = NAME + "-blocked";
        String review = NAME + "-review";
        infra.cluster().createTopics(List.of(KafkaCluster.topic(blocked, 3), KafkaCluster.topic(review, 3)));
        AppConfig config = AppConfig.of(infra, "it-" + NAME, dir.resolve("state"))
                .model("sentiment", infra.builtInModel("demo-sentiment"), Map.of("top-k", 0))
                .pipeline(Pipeline.of(NAME, Input.json(topics.input()), topics.output(), topics.deadLetters(),
                        "sentiment").with("decisions", Map.of(
                        "thresholds", List.of(Map.of("model", "sentiment", "labels", Map.of("negative", REVIEW_AT))),
                        "rules", List.of(
                                Map.of("name", "very-negative", "any", List.of("negative"), "min-score", BLOCK_AT,
                                        "action", "block"),
                                Map.of("name", "negative", "any", List.of("negative"), "action", "review")),
                        "actions", List.of(Map.of("name", "block", "topic", blocked, "mode", "move"),
                                Map.of("name", "review", "topic", review)))))
                .kafkaProperty("session.timeout.ms", 10_000)
                .kafkaProperty("heartbeat.interval.ms", 2_000);
        List<String> texts = Corpus.sentences(EVENTS, 15);
        List<Outgoing> events = Outgoing.jsonEvents(topics.input(), NAME, texts);
        Map<String, String> textById = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            textById.put(events.get(i).id(), texts.get(i));
        }

        List<String> ids;
        int exit;
        List<ConsumerRecord<byte[], byte[]>> outputRecords;
        List<ConsumerRecord<byte[], byte[]>> blockedRecords;
        List<ConsumerRecord<byte[], byte[]>> reviewRecords;
        int deadLetters;
        try (AppProcess app = AppProcess.start(infra, NAME, config, dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters());
             TopicCollector blockedTopic = new TopicCollector(infra.bootstrapServers(), blocked);
             TopicCollector reviewTopic = new TopicCollector(infra.bootstrapServers(), review)) {
            Traffic.Background load = traffic.sendAtRate(events, PER_SECOND);
            Duration runFor = Duration.ofMillis(3_000 + random.nextInt(5_000));
            Poll.pause(runFor);
            LOG.info("SIGKILL after {} ms of running, {} events sent", runFor.toMillis(), load.sent());
            app.kill();
            app.restart();
            load.awaitDone(Duration.ofMinutes(3));
            ids = load.sentIds();
            List<String> expectedIds = ids;
            Poll.until(Duration.ofMinutes(4), "every event in the output, block or dead-letter topic", () -> {
                blockedTopic.poll();
                reviewTopic.poll();
                return expectedIds.stream().allMatch(id -> outcome.output().count(id) + blockedTopic.count(id)
                        + outcome.deadLetters().count(id) > 0);
            }, () -> expectedIds.stream().filter(id -> outcome.output().count(id) + blockedTopic.count(id)
                    + outcome.deadLetters().count(id) == 0).count() + " events not out yet");
            exit = app.stop();
            outcome.output().drain(Duration.ofMinutes(1));
            outcome.deadLetters().drain(Duration.ofMinutes(1));
            blockedTopic.drain(Duration.ofMinutes(1));
            reviewTopic.drain(Duration.ofMinutes(1));
            outputRecords = outcome.output().records();
            blockedRecords = blockedTopic.records();
            reviewRecords = reviewTopic.records();
            deadLetters = outcome.deadLetters().count();
        }
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(ids).hasSize(EVENTS);
        assertThat(deadLetters).as("dead letters").isZero();

        Map<String, Double> negativeByText = negativeScores(infra, dir, texts);
        Deserializer<EnrichedTextEvent> avro = EnrichedEvents.avro(infra);
        Map<String, List<EnrichedTextEvent>> out = decode(avro, outputRecords, null);
        Map<String, List<EnrichedTextEvent>> blocks = decode(avro, blockedRecords, "block");
        Map<String, List<EnrichedTextEvent>> reviews = decode(avro, reviewRecords, "review");

        Map<Action, Integer> mix = new EnumMap<>(Action.class);
        int borderline = 0;
        for (String id : ids) {
            double negative = negativeByText.get(textById.get(id));
            Action expected = expected(negative);
            List<EnrichedTextEvent> inOut = out.getOrDefault(id, List.of());
            List<EnrichedTextEvent> inBlock = blocks.getOrDefault(id, List.of());
            List<EnrichedTextEvent> inReview = reviews.getOrDefault(id, List.of());
            EnrichedTextEvent any = !inBlock.isEmpty() ? inBlock.get(0) : inOut.isEmpty() ? null : inOut.get(0);
            assertThat(any).as("%s came out", id).isNotNull();
            Action actual = Action.valueOf(any.getDecision().getAction().toUpperCase(java.util.Locale.ROOT));
            if (actual != expected) {
                assertThat(nearAThreshold(negative)).as("%s (negative %s per infer) decided %s, expected %s", id,
                        negative, actual, expected).isTrue();
                borderline++;
            }
            mix.merge(actual, 1, Integer::sum);
            String what = id + " decided " + actual;
            switch (actual) {
                case BLOCK -> {
                    assertThat(inBlock).as(what + ": block topic copies").hasSize(1);
                    assertThat(inOut).as(what + ": output copies (moved)").isEmpty();
                    assertThat(inReview).as(what + ": review topic copies").isEmpty();
                    assertThat(inBlock.get(0).getDecision().getRule()).isEqualTo("very-negative");
                }
                case REVIEW -> {
                    assertThat(inReview).as(what + ": review topic copies").hasSize(1);
                    assertThat(inOut).as(what + ": output copies").hasSize(1);
                    assertThat(inBlock).as(what + ": block topic copies").isEmpty();
                    assertThat(inReview.get(0)).isEqualTo(inOut.get(0));
                    assertThat(inOut.get(0).getDecision().getRule()).isEqualTo("negative");
                }
                case ALLOW -> {
                    assertThat(inOut).as(what + ": output copies").hasSize(1);
                    assertThat(inBlock).as(what + ": block topic copies").isEmpty();
                    assertThat(inReview).as(what + ": review topic copies").isEmpty();
                    assertThat(inOut.get(0).getDecision().getRule()).isNull();
                }
            }
        }
        LOG.info("decisions: {} ({} borderline events took the other side of a threshold)", mix, borderline);
        assertThat(mix).as("a known mix: every decision occurs").containsKeys(Action.values());
        assertThat(outputRecords).hasSize(mix.get(Action.ALLOW) + mix.get(Action.REVIEW));
        assertThat(blockedRecords).hasSize(mix.get(Action.BLOCK));
        assertThat(reviewRecords).hasSize(mix.get(Action.REVIEW));
    }

    private static Action expected(double negative) {
        return negative >= BLOCK_AT ? Action.BLOCK : negative >= REVIEW_AT ? Action.REVIEW : Action.ALLOW;
    }

    private static boolean nearAThreshold(double score) {
        return Math.abs(score - BLOCK_AT) < BORDER || Math.abs(score - REVIEW_AT) < BORDER;
    }

    /** {@code infer --top-k 0} on every distinct text: its score for {@code negative}. */
    private static Map<String, Double> negativeScores(Infrastructure infra, Path dir, List<String> texts) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(texts));
        List<JsonNode> results = InferCommand.run(infra, dir, "infer-decisions", distinct, "text-classification",
                infra.builtInModel("demo-sentiment"), "--top-k", "0");
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            double negative = Double.NaN;
            for (JsonNode label : results.get(i)) {
                if (label.get("label").asText().equals("negative")) {
                    negative = label.get("score").asDouble();
                }
            }
            assertThat(negative).as("infer's negative score for '%s'", distinct.get(i)).isNotNaN();
            scores.put(distinct.get(i), negative);
        }
        return scores;
    }

    /**
     * The records of a topic by id, each checked to carry the decision of its value in its headers (and, for a route
     * topic, the route's action).
     */
    private static Map<String, List<EnrichedTextEvent>> decode(Deserializer<EnrichedTextEvent> avro,
                                                               List<ConsumerRecord<byte[], byte[]>> records,
                                                               String routeAction) {
        Map<String, List<EnrichedTextEvent>> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            EnrichedTextEvent event = avro.deserialize(record.topic(), record.headers(), record.value());
            assertThat(event.getDecision()).as("decision of %s", event.getId()).isNotNull();
            assertThat(header(record, "nlpstream.decision")).as("decision header of %s", event.getId())
                    .isEqualTo(event.getDecision().getAction());
            assertThat(header(record, "nlpstream.decision.rule")).as("rule header of %s", event.getId())
                    .isEqualTo(event.getDecision().getRule());
            if (routeAction != null) {
                assertThat(event.getDecision().getAction()).as("action of %s in %s", event.getId(), record.topic())
                        .isEqualTo(routeAction);
            }
            byId.computeIfAbsent(TopicCollector.idOf(record), k -> new ArrayList<>()).add(event);
        }
        return byId;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
