package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3, scale out and in: under load a second instance of the same application joins (its own state
 * directory, as a second pod would have), takes over part of the partitions and enriches events; then the first
 * instance leaves with SIGTERM and the second carries on alone. Nothing lost, nothing duplicated.
 */
@ExtendWith(SuiteExtension.class)
class ScaleOutInIT {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutInIT.class);
    private static final String NAME = "scale";
    private static final int PER_SECOND = 200;
    /** Enough for three minutes of load; the scenario stops it a few seconds after the first instance left. */
    private static final int AT_MOST = PER_SECOND * 180;
    private static final Duration STEADY_TAIL = Duration.ofSeconds(3);
    private static final String RECORDS_OUT = "nlpstream_records_out_total";

    @Test
    void aSecondInstanceJoinsThenTheFirstLeavesUnderLoad(Infrastructure infra) {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 6);
        AppConfig first = Scenarios.sentimentApp(infra, NAME, dir.resolve("state-1"), topics);
        AppConfig second = first.withStateDir(dir.resolve("state-2"));
        List<Outgoing> events = Outgoing.jsonEvents(topics.input(), NAME, Corpus.sentences(AT_MOST, 3));
        String pipeline = "pipeline=\"" + NAME + "\"";

        Reconciliation reconciliation;
        int exit;
        boolean allCameOut;
        List<String> ids;
        try (AppProcess one = AppProcess.start(infra, NAME + "-1", first, dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            Traffic.Background load = traffic.sendAtRate(events, PER_SECOND);
            Poll.pause(Duration.ofSeconds(4));
            try (AppProcess two = AppProcess.start(infra, NAME + "-2", second, dir)) {
                double oneBefore = one.metric(RECORDS_OUT, pipeline);
                LOG.info("scale out: {} joined with {} events sent; {} had enriched {}", two.name(), load.sent(),
                        one.name(), (long) oneBefore);
                Poll.until(Duration.ofSeconds(90), NAME + "-2 enriches events (it got partitions)",
                        () -> two.metric(RECORDS_OUT, pipeline) > 0);
                Poll.until(Duration.ofSeconds(90), NAME + "-1 still enriches events (it kept partitions)",
                        () -> one.metric(RECORDS_OUT, pipeline) > oneBefore);
                LOG.info("scale in: {} leaves with {} events sent", one.name(), load.sent());
                assertThat(one.stop()).as("exit status of the leaving instance").isZero();
                Poll.pause(STEADY_TAIL);
                load.stop();
                load.awaitDone(Duration.ofMinutes(2));
                ids = load.sentIds();
                allCameOut = outcome.awaitAll(ids, Duration.ofMinutes(4));
                LOG.info("{} enriched {} events in all", two.name(), (long) two.metric(RECORDS_OUT, pipeline));
                exit = two.stop();
            }
            reconciliation = outcome.reconcile(ids, List.of());
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time")
                .isTrue();
        assertThat(exit).as("exit status of the remaining instance").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
    }
}
