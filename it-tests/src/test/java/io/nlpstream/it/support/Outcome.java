package io.nlpstream.it.support;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline's output and dead-letter topics read together, until every produced event shows up in one of them.
 * From its creation a background reader keeps both topics read and measures the longest stall ({@link StallWatch}:
 * events produced by {@code traffic} and not yet accounted for, while nothing new arrived in either topic).
 */
public final class Outcome implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outcome.class);
    private final TopicCollector output;
    private final TopicCollector deadLetters;
    private final StallWatch stalls = new StallWatch();
    private final Thread reader;
    private volatile boolean closed;

    public Outcome(Infrastructure infra, Traffic traffic, String outputTopic, String deadLetterTopic) {
        this.output = new TopicCollector(infra.bootstrapServers(), outputTopic);
        this.deadLetters = new TopicCollector(infra.bootstrapServers(), deadLetterTopic);
        this.reader = new Thread(() -> {
            while (!closed) {
                output.poll();
                deadLetters.poll();
                stalls.sample(System.nanoTime(), traffic.acknowledgedCount(), output.count() + deadLetters.count());
            }
        }, "outcome-" + outputTopic);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits until each of {@code ids} is in one of the topics; false after {@code timeout}, so that the scenario
     * still reconciles and reports what it got before it fails.
     */
    public boolean awaitAll(Collection<String> ids, Duration timeout) {
        Set<String> expected = Set.copyOf(ids);
        try {
            Poll.until(timeout, "every produced event in the output or dead-letter topic",
                    () -> expected.stream().allMatch(this::seen),
                    () -> expected.stream().filter(id -> !seen(id)).count() + " of " + expected.size()
                            + " still missing, e.g. " + expected.stream().filter(id -> !seen(id)).limit(3).toList());
            return true;
        } catch (AssertionError timedOut) {
            LOG.error("{}", timedOut.getMessage());
            return false;
        }
    }

    private boolean seen(String id) {
        return output.count(id) + deadLetters.count(id) > 0;
    }

    /** Reads both topics to their committed end, then compares them with what was produced. */
    public Reconciliation reconcile(Collection<String> valid, Collection<String> poison) {
        output.drain(Duration.ofMinutes(1));
        deadLetters.drain(Duration.ofMinutes(1));
        return Reconciliation.of(valid, poison, output, deadLetters, stalls.longestSeconds());
    }

    /** The longest stall so far, in seconds. */
    public double stalledSeconds() {
        return stalls.longestSeconds();
    }

    public TopicCollector output() {
        return output;
    }

    public TopicCollector deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.close();
        deadLetters.close();
    }
}
