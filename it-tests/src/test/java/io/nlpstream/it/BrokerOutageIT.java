package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import io.nlpstream.it.cluster.KafkaCluster;
import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Corpus;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Poll;
import io.nlpstream.it.support.Reconciliation;
import io.nlpstream.it.support.ReliabilityReport;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.Seeds;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 5, broker outage: under load one broker (chosen at random) is stopped for 30 s, then every broker is
 * stopped and started again (a full outage while the controller stays up). The app is never touched: it must ride
 * out both by itself, still running and ready afterwards, with nothing lost and nothing duplicated.
 */
@ExtendWith(SuiteExtension.class)
class BrokerOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerOutageIT.class);
    private static final String NAME = "outage";
    private static final int PER_SECOND = 100;
    /** Enough for five minutes of load; the scenario stops it a few seconds after the cluster is back. */
    private static final int AT_MOST = PER_SECOND * 300;
    private static final Duration STEADY_TAIL = Duration.ofSeconds(5);
    private static final Duration ONE_BROKER_DOWN = Duration.ofSeconds(30);
    private static final Duration HEAL_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void theAppRecoversByItselfFromOneBrokerDownAndAFullRestart(Infrastructure infra) {
        long start = System.nanoTime();
        Random random = Seeds.random(NAME);
        KafkaCluster cluster = infra.cluster();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 6);
        AppConfig config = Scenarios.sentimentApp(infra, NAME, dir.resolve("state"), topics);
        List<Outgoing> events = Outgoing.jsonEvents(topics.input(), NAME, Corpus.sentences(AT_MOST, 5));

        Reconciliation reconciliation;
        int exit;
        boolean allCameOut;
        try (AppProcess app = AppProcess.start(infra, NAME, config, dir);
             Traffic traffic = new Traffic(cluster);
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            Traffic.Background load = traffic.sendAtRate(events, PER_SECOND);
            Poll.pause(Duration.ofSeconds(5));

            int victim = cluster.brokerIds().get(random.nextInt(cluster.brokerIds().size()));
            LOG.info("outage: stopping broker {} for {} s ({} events sent)", victim, ONE_BROKER_DOWN.toSeconds(),
                    load.sent());
            cluster.stopBroker(victim);
            Poll.pause(ONE_BROKER_DOWN);
            assertThat(app.isAlive()).as("the app survives one broker down").isTrue();
            cluster.startBroker(victim);
            Poll.until(HEAL_TIMEOUT, "every partition fully replicated again", cluster::fullyReplicated);

            LOG.info("outage: restarting every broker ({} events sent)", load.sent());
            cluster.brokerIds().forEach(cluster::stopBroker);
            cluster.brokerIds().forEach(cluster::startBroker);
            Poll.until(HEAL_TIMEOUT, "every partition fully replicated again", cluster::fullyReplicated);
            LOG.info("outage: cluster back ({} events sent)", load.sent());

            Poll.pause(STEADY_TAIL);
            load.stop();
            load.awaitDone(Duration.ofMinutes(3));
            List<String> ids = load.sentIds();
            allCameOut = outcome.awaitAll(ids, Duration.ofMinutes(4));
            assertThat(app.isAlive()).as("the app is still the same process").isTrue();
            Poll.until(Duration.ofMinutes(1), "the app is ready again",
                    () -> app.get("/health/readiness").status() == 200);
            exit = app.stop();
            reconciliation = outcome.reconcile(ids, List.of());
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time")
                .isTrue();
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
    }
}
