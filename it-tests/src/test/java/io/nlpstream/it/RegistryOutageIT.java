package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nlpstream.it.cluster.KafkaCluster;
import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppConfig.Input;
import io.nlpstream.it.support.AppConfig.Pipeline;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Corpus;
import io.nlpstream.it.support.EnrichedEvents;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Poll;
import io.nlpstream.it.support.Reconciliation;
import io.nlpstream.it.support.RegistryProxy;
import io.nlpstream.it.support.ReliabilityReport;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.SentimentParity;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.serde.ConfluentAvroSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario registry-outage: the app reaches the registry through a {@link RegistryProxy}. (1) The registry is stopped
 * for 60 s just before the first events, so the output schema must be registered during the outage; (2) then it
 * answers 401 while Avro events with a schema id the app has not seen yet arrive. Neither dead-letters anything:
 * processing pauses, {@code /health} says why (the 401 by name), the log says it once per 10 s check, and once the
 * registry is back every event is enriched exactly once, with the values {@code infer} gives.
 */
@ExtendWith(SuiteExtension.class)
class RegistryOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageIT.class);
    private static final String NAME = "registry-outage";
    private static final int JSON_EVENTS = 600;
    private static final int AVRO_EVENTS = 200;
    private static final int PER_SECOND = 50;
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration REFUSING = Duration.ofSeconds(30);
    private static final String UNREACHABLE = "The schema registry cannot be reached";

    @Test
    void aRegistryOutageAndA401PauseProcessingAndDeadLetterNothing(Infrastructure infra) {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 3);
        String avroInput = NAME + "-avro-events";
        infra.cluster().createTopics(List.of(KafkaCluster.topic(avroInput, 3)));
        List<String> texts = Corpus.sentences(JSON_EVENTS + AVRO_EVENTS, 12);
        List<Outgoing> json = Outgoing.jsonEvents(topics.input(), NAME, texts.subList(0, JSON_EVENTS));
        List<Outgoing> avro = avroEvents(infra, avroInput, texts.subList(JSON_EVENTS, texts.size()));
        List<String> ids = new ArrayList<>(Outgoing.ids(json));
        ids.addAll(Outgoing.ids(avro));

        Reconciliation reconciliation;
        int exit;
        List<EnrichedTextEvent> enriched = new ArrayList<>();
        try (RegistryProxy proxy = RegistryProxy.to(infra.registry().url());
             AppProcess app = AppProcess.start(infra, NAME, config(infra, dir, topics, avroInput, proxy.url()), dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            LOG.info("{}: stopping the registry for {} s before the first event", NAME, OUTAGE.toSeconds());
            proxy.stop();
            long outageStart = System.nanoTime();
            traffic.sendAtRate(json, PER_SECOND).awaitDone(Duration.ofMinutes(2));
            Poll.until(Duration.ofMinutes(2), "/health says processing is paused for the registry",
                    () -> app.get("/health").body().contains(UNREACHABLE));
            Poll.pause(OUTAGE.minus(Duration.ofNanos(System.nanoTime() - outageStart)));
            assertThat(outcome.output().count()).as("nothing written while the output schema cannot be registered")
                    .isZero();
            assertThat(outcome.deadLetters().count()).as("no dead letters from the outage").isZero();
            long warnings = app.log().lines().filter(line -> line.contains("WARN") && line.contains(UNREACHABLE))
                    .count();
            assertThat(warnings).as("one WARN sentence per 10 s check, no spin").isBetween(3L, 10L);
            assertThat(app.isAlive()).isTrue();
            proxy.start();
            LOG.info("{}: registry back", NAME);
            assertThat(outcome.awaitAll(Outgoing.ids(json), Duration.ofMinutes(3)))
                    .as("every JSON event enriched after the registry returned").isTrue();

            LOG.info("{}: the registry answers 401 while Avro events with a new schema id arrive", NAME);
            proxy.refuseCredentials(true);
            traffic.sendAtRate(avro, PER_SECOND).awaitDone(Duration.ofMinutes(2));
            Poll.until(Duration.ofMinutes(2), "/health names the 401",
                    () -> app.get("/health").body().contains("refused the service's credentials (HTTP 401"));
            Poll.pause(REFUSING);
            assertThat(Outgoing.ids(avro)).as("nothing decoded while the registry refuses the credentials")
                    .allSatisfy(id -> assertThat(outcome.output().count(id)).isZero());
            assertThat(outcome.deadLetters().count()).as("no dead letters from the 401").isZero();
            proxy.refuseCredentials(false);
            assertThat(outcome.awaitAll(ids, Duration.ofMinutes(3))).as("every event enriched").isTrue();
            Poll.until(Duration.ofMinutes(1), "/health is UP again", () -> app.get("/health").status() == 200);

            exit = app.stop();
            reconciliation = outcome.reconcile(ids, List.of());
            var decode = EnrichedEvents.avro(infra);
            for (ConsumerRecord<byte[], byte[]> record : outcome.output().records()) {
                enriched.add(decode.deserialize(topics.output(), record.headers(), record.value()));
            }
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
        assertThat(reconciliation.deadLetters()).isZero();
        SentimentParity.assertSample(infra, dir, enriched, 20);
    }

    private static AppConfig config(Infrastructure infra, Path dir, ScenarioTopics topics, String avroInput,
                                    String registryUrl) {
        return AppConfig.of(infra, "it-" + NAME, dir.resolve("state"))
                .registryUrl(registryUrl)
                .model("sentiment", infra.builtInModel("demo-sentiment"))
                .pipeline(Pipeline.of(NAME, Input.json(topics.input()), topics.output(), topics.deadLetters(),
                        "sentiment").withInputs(Input.json(topics.input()), Input.avro(avroInput)))
                .kafkaProperty("session.timeout.ms", 10_000)
                .kafkaProperty("heartbeat.interval.ms", 2_000);
    }

    /** Avro events registered by the test itself with the real registry: a schema id the app has never fetched. */
    private static List<Outgoing> avroEvents(Infrastructure infra, String topic, List<String> texts) {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", infra.registry().url());
        ConfluentAvroSerializer<TextEvent> serializer = new ConfluentAvroSerializer<>(
                RestSchemaRegistryClient.fromConfig(serdeConfig), false, serdeConfig);
        List<Outgoing> events = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String id = String.format("%s-avro-%05d", NAME, i);
            events.add(new Outgoing(topic, id, serializer.serialize(topic,
                    TextEvent.newBuilder().setId(id).setText(texts.get(i)).build())));
        }
        return events;
    }
}
