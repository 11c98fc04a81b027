package io.nlpstream.app.service;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.nlpstream.topology.EnrichmentSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every {@link #INTERVAL} that each pipeline's dead-letter topic exists and is writable, and pauses
 * processing ({@link ProcessingPauses}) while one is not: without its dead-letter topic a pipeline cannot account for
 * a bad record, so it must not go on. While a topic is missing the watch logs one WARN sentence per check; once it is
 * back, one INFO line, and processing resumes from where it stopped. A cluster that does not answer pauses nothing
 * (Kafka Streams rides out broker outages by itself).
 *
 * <p>A dead letter written in the seconds between a topic's deletion and the next check fails its task
 * ({@code DeadLetterProductionHandler}); the replaced thread finds processing paused, and the work is redone once
 * the topic is back.
 */
final class DeadLetterTopicWatch implements AutoCloseable {
    /** How often the dead-letter topics are checked (and a missing one logged). */
    static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopicWatch.class);
    private static final String KEY_PREFIX = "dead-letter-topic:";

    private final Probe probe;
    private final ProcessingPauses pauses;
    private final Set<String> unavailable = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "nlp-stream-dead-letter-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** Asks the cluster which dead-letter topics are unavailable (topic to sentence); {@link ClusterChecks}. */
    @FunctionalInterface
    interface Probe {
        Map<String, String> unavailable() throws ClusterChecks.NoAnswer;
    }

    DeadLetterTopicWatch(Probe probe, ProcessingPauses pauses) {
        this.probe = probe;
        this.pauses = pauses;
    }

    static DeadLetterTopicWatch of(ClusterChecks checks, EnrichmentSettings settings, ProcessingPauses pauses) {
        return new DeadLetterTopicWatch(() -> checks.unavailableDeadLetterTopics(settings), pauses);
    }

    void start() {
        timer.scheduleWithFixedDelay(this::checkOnce, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One check: pauses for each unavailable topic (logging it), resumes for each that is back. */
    void checkOnce() {
        Map<String, String> problems;
        try {
            problems = probe.unavailable();
        } catch (ClusterChecks.NoAnswer e) {
            LOG.debug("Dead-letter topics not checked: {}", e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.debug("Dead-letter topics not checked", e);
            return;
        }
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            pauses.pause(KEY_PREFIX + problem.getKey(), problem.getValue());
            unavailable.add(problem.getKey());
            LOG.warn("{} Processing is paused until it is back (checked every {} s); nothing is skipped.",
                    problem.getValue(), INTERVAL.toSeconds());
        }
        for (String topic : Set.copyOf(unavailable)) {
            if (!problems.containsKey(topic)) {
                unavailable.remove(topic);
                pauses.resume(KEY_PREFIX + topic);
                LOG.info("The dead-letter topic '{}' is available again; processing resumes.", topic);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
