package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import io.nlpstream.it.support.SentimentAgreement;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolling restart: two instances share the partitions under load; each in turn gets SIGTERM (as a rollout does),
 * exits 0, and is started again on its state directory, and the next one goes only once the restarted one enriches
 * events again. Micro-batches in flight at each SIGTERM are handed back, not dead-lettered: zero dead letters,
 * every event enriched exactly once, values equal to {@code infer}'s.
 */
@ExtendWith(SuiteExtension.class)
class RollingRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(RollingRestartIT.class);
    private static final String NAME = "rolling-restart";
    private static final int PER_SECOND = 200;
    /** Enough for five minutes of load; the scenario stops it a few seconds after the last restart. */
    private static final int AT_MOST = PER_SECOND * 300;
    private static final Duration STEADY_TAIL = Duration.ofSeconds(3);
    private static final String RECORDS_OUT = "nlpstream_records_out_total";

    @Test
    void eachInstanceIsStoppedAndRestartedInTurnUnderLoadWithoutADeadLetter(Infrastructure infra) {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 6);
        AppConfig first = Scenarios.sentimentApp(infra, NAME, dir.resolve("state-1"), topics);
        AppConfig second = first.withStateDir(dir.resolve("state-2"));
        List<Outgoing> events = Outgoing.jsonEvents(topics.input(), NAME, Corpus.sentences(AT_MOST, 7));
        String pipeline = "pipeline=\"" + NAME + "\"";

        Reconciliation reconciliation;
        boolean allCameOut;
        List<Integer> exits = new ArrayList<>();
        int checked;
        try (AppProcess one = AppProcess.start(infra, NAME + "-1", first, dir);
             AppProcess two = AppProcess.start(infra, NAME + "-2", second, dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            Traffic.Background load = traffic.sendAtRate(events, PER_SECOND);
            Poll.until(Duration.ofSeconds(90), "both instances enrich events",
                    () -> one.metric(RECORDS_OUT, pipeline) > 0 && two.metric(RECORDS_OUT, pipeline) > 0);
            for (AppProcess instance : List.of(one, two)) {
                LOG.info("rolling restart: SIGTERM to {} with {} events sent", instance.name(), load.sent());
                exits.add(instance.stop());
                instance.restart();
                Poll.until(Duration.ofSeconds(90), instance.name() + " enriches events again after its restart",
                        () -> instance.metric(RECORDS_OUT, pipeline) > 0);
            }
            Poll.pause(STEADY_TAIL);
            load.stop();
            load.awaitDone(Duration.ofMinutes(2));
            List<String> ids = load.sentIds();
            allCameOut = outcome.awaitAll(ids, Duration.ofMinutes(4));
            exits.add(one.stop());
            exits.add(two.stop());
            reconciliation = outcome.reconcile(ids, List.of());
            checked = SentimentAgreement.assertSampleAgreesWithInfer(infra, dir, NAME, topics.output(),
                    outcome.output(), 50);
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        LOG.info("{}: {} enriched events checked against infer", NAME, checked);
        assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time").isTrue();
        assertThat(exits).as("exit status of every SIGTERM").containsOnly(0);
        assertThat(reconciliation.deadLetters()).as("dead letters: " + reconciliation.deadLettersByReason())
                .isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
    }
}
