package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import io.nlpstream.it.cluster.KafkaCluster;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Corpus;
import io.nlpstream.it.support.EnrichedEvents;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Poll;
import io.nlpstream.it.support.Reconciliation;
import io.nlpstream.it.support.ReliabilityReport;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.SentimentParity;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario dlq-unavailable: under load with bad records mixed in, the dead-letter topic is deleted. Progress stops
 * visibly ({@code /health} names the topic, one WARN sentence per 10 s check, the process neither dies nor spins) and
 * nothing is dropped; once the topic is created again every event is accounted for: each valid one enriched once,
 * each bad one dead-lettered.
 */
@ExtendWith(SuiteExtension.class)
class DeadLetterTopicOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopicOutageIT.class);
    private static final String NAME = "dlq-unavailable";
    private static final int EVENTS = 3_000;
    private static final int PILL_EVERY = 25;
    private static final int PER_SECOND = 100;
    private static final Duration STOPPED = Duration.ofSeconds(30);
    private static final String MISSING = "does not exist. Processing is paused";

    @Test
    void aDeletedDeadLetterTopicStopsProgressVisiblyAndLosesNothing(Infrastructure infra) throws Exception {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 3);
        List<String> texts = Corpus.sentences(EVENTS, 13);
        List<Outgoing> all = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        List<String> pills = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = String.format("%s-%05d", NAME, i);
            if (i % PILL_EVERY == PILL_EVERY - 1) {
                all.add(new Outgoing(topics.input(), id, ("not JSON " + i).getBytes(StandardCharsets.UTF_8)));
                pills.add(id);
            } else {
                all.add(Outgoing.json(topics.input(), id, texts.get(i)));
                valid.add(id);
            }
        }

        Reconciliation reconciliation;
        int exit;
        List<EnrichedTextEvent> enriched = new ArrayList<>();
        try (AppProcess app = AppProcess.start(infra, NAME, Scenarios.sentimentApp(infra, NAME, dir.resolve("state"),
                topics), dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            Traffic.Background load = traffic.sendAtRate(all, PER_SECOND);
            Poll.until(Duration.ofMinutes(2), "the first dead letters written",
                    () -> outcome.deadLetters().count() > 0);
            LOG.info("{}: deleting {} ({} events sent)", NAME, topics.deadLetters(), load.sent());
            try (Admin admin = infra.cluster().admin()) {
                admin.deleteTopics(List.of(topics.deadLetters())).all().get();
            }
            Poll.until(Duration.ofMinutes(2), "/health says processing is paused for the dead-letter topic",
                    () -> app.get("/health").body().contains("does not exist"));
            Poll.pause(Duration.ofSeconds(5));
            long warningsBefore = warnings(app);
            int seenBefore = outcome.output().count();
            long stoppedAt = System.nanoTime();
            Poll.pause(STOPPED);
            assertThat(outcome.output().count()).as("no progress while the dead-letter topic is missing")
                    .isEqualTo(seenBefore);
            long checks = Duration.ofNanos(System.nanoTime() - stoppedAt).toSeconds() / 10;
            assertThat(warnings(app) - warningsBefore).as("one WARN sentence per 10 s check, no spin")
                    .isBetween(checks - 1, checks + 1);
            assertThat(app.isAlive()).isTrue();
            assertThat(app.get("/health/liveness").status()).as("liveness stays UP").isEqualTo(200);

            LOG.info("{}: creating {} again", NAME, topics.deadLetters());
            infra.cluster().createTopics(List.of(KafkaCluster.topic(topics.deadLetters(), 1)));
            load.awaitDone(Duration.ofMinutes(3));
            assertThat(outcome.awaitAll(Outgoing.ids(all), Duration.ofMinutes(4)))
                    .as("every event enriched or dead-lettered").isTrue();
            Poll.until(Duration.ofMinutes(1), "/health is UP again", () -> app.get("/health").status() == 200);
            exit = app.stop();
            reconciliation = outcome.reconcile(valid, pills);
            var decode = EnrichedEvents.avro(infra);
            for (ConsumerRecord<byte[], byte[]> record : outcome.output().records()) {
                enriched.add(decode.deserialize(topics.output(), record.headers(), record.value()));
            }
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
        assertThat(reconciliation.deadLetters()).isEqualTo(pills.size());
        SentimentParity.assertSample(infra, dir, enriched, 20);
    }

    private static long warnings(AppProcess app) {
        return app.log().lines().filter(line -> line.contains("WARN") && line.contains(MISSING)).count();
    }
}
