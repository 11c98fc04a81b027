package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * HTTP flood: while the stream enriches events at a steady rate, concurrent HTTP clients post arrays of 10,000
 * items (and some of the largest size admitted) to {@code /v1/text-classification} on the same models. The API
 * answers 413 to the oversized arrays and 429 with {@code Retry-After} beyond its concurrency limit; the stream
 * loses, duplicates and dead-letters nothing, and its values equal {@code infer}'s.
 */
@ExtendWith(SuiteExtension.class)
class HttpFloodIT {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFloodIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "http-flood";
    private static final int PER_SECOND = 150;
    private static final Duration FLOOD = Duration.ofSeconds(25);
    private static final int CLIENTS = 8;
    private static final int HUGE = 10_000;
    private static final int MAX_ITEMS = 64;
    private static final int MAX_CONCURRENT = 2;
    private static final String PATH = "/v1/text-classification?model=sentiment";

    @Test
    void floodedHttpApiRefusesWith413And429AndTheStreamLosesNothing(Infrastructure infra) throws Exception {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 6);
        AppConfig config = Scenarios.sentimentApp(infra, NAME, dir.resolve("state"), topics)
                .kafka("num-stream-threads", 2)
                .setting("api.admission.max-items-per-request", MAX_ITEMS)
                .setting("api.admission.max-concurrent-requests", MAX_CONCURRENT)
                // the 10,000-item arrays (about 1 MB) reach the admission check instead of the body size limit
                .setting("micronaut.server.max-request-size", "8MB");
        List<Outgoing> events = Outgoing.jsonEvents(topics.input(), NAME,
                Corpus.sentences(PER_SECOND * (int) FLOOD.toSeconds(), 5));
        String huge = items(HUGE, 11);
        String admitted = items(MAX_ITEMS, 12);

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger busyWithoutRetryAfter = new AtomicInteger();
        Reconciliation reconciliation;
        boolean allCameOut;
        int exit;
        int checked;
        try (AppProcess app = AppProcess.start(infra, NAME, config, dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            Traffic.Background load = traffic.sendAtRate(events, PER_SECOND);
            AtomicBoolean flooding = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                String body = c % 2 == 0 ? huge : admitted;
                clients.submit(() -> {
                    while (flooding.get()) {
                        AppProcess.PostAnswer answer = app.post(PATH, body);
                        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        if ((answer.status() == 429 || answer.status() == 503) && answer.retryAfter() == null) {
                            busyWithoutRetryAfter.incrementAndGet();
                        }
                    }
                });
            }
            Poll.pause(FLOOD);
            flooding.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).as("HTTP clients finished").isTrue();
            LOG.info("{}: HTTP answers by status {}", NAME, statuses);
            load.awaitDone(Duration.ofMinutes(2));
            List<String> ids = load.sentIds();
            allCameOut = outcome.awaitAll(ids, Duration.ofMinutes(4));
            exit = app.stop();
            reconciliation = outcome.reconcile(ids, List.of());
            checked = SentimentAgreement.assertSampleAgreesWithInfer(infra, dir, NAME, topics.output(),
                    outcome.output(), 40);
        }
        ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
        LOG.info("{}: {} enriched events checked against infer", NAME, checked);
        assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time").isTrue();
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
        assertThat(reconciliation.deadLetters()).as("dead letters").isZero();
        assertThat(statuses.keySet()).as("HTTP statuses seen").isSubsetOf(200, 413, 429, 503)
                .contains(413, 429);
        assertThat(busyWithoutRetryAfter).as("429/503 answers without Retry-After").hasValue(0);
    }

    private static String items(int count, long seed) {
        ArrayNode array = JSON.createArrayNode();
        for (String text : Corpus.sentences(count, seed)) {
            array.addObject().put("text", text);
        }
        return array.toString();
    }
}
