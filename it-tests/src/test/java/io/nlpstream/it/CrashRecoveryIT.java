package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

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
 * Scenario 2, crash: under steady load the instance is killed with SIGKILL at a random moment, restarted on the
 * same state directory, killed again, restarted again. Exactly-once v2 must make the crashes invisible downstream:
 * every event enriched once, none lost, none duplicated (aborted transactions are skipped by read_committed).
 */
@ExtendWith(SuiteExtension.class)
class CrashRecoveryIT {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final String NAME = "crash";
    private static final int PER_SECOND = 200;
    /** Enough for three minutes of load; the scenario stops it a few seconds after the last restart. */
    private static final int AT_MOST = PER_SECOND * 180;
    private static final Duration STEADY_TAIL = Duration.ofSeconds(3);
    private static final int CRASHES = 2;

    @Test
    void sigkillTwiceUnderLoadLosesAndDuplicatesNothing(Infrastructure infra) {
        long start = System.nanoTime();
        Random random = Seeds.random(NAME);
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 6);
        AppConfig config = Scenarios.sentimentApp(infra, NAME, dir.resolve("state"), topics);
        List<Outgoing> events = Outgoing.jsonEvents(topics.input(), NAME, Corpus.sentences(AT_MOST, 2));

        Reconciliation reconciliation;
        int exit;
        boolean allCameOut;
        try (AppProcess app = AppProcess.start(infra, NAME, config, dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            Traffic.Background load = traffic.sendAtRate(events, PER_SECOND);
            for (int crash = 1; crash <= CRASHES; crash++) {
                Duration runFor = Duration.ofMillis(2_000 + random.nextInt(6_000));
                Poll.pause(runFor);
                LOG.info("crash {}: SIGKILL after {} ms of running, {} events sent", crash, runFor.toMillis(),
                        load.sent());
                app.kill();
                app.restart();
            }
            Poll.pause(STEADY_TAIL);
            load.stop();
            load.awaitDone(Duration.ofMinutes(2));
            List<String> ids = load.sentIds();
            allCameOut = outcome.awaitAll(ids, Duration.ofMinutes(4));
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
