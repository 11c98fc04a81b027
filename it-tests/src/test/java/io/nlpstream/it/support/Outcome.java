package io.nlpstream.it.support;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pipeline's output and dead-letter topics read together, until every produced event shows up in one of them. */
public final class Outcome implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outcome.class);
    private final TopicCollector output;
    private final TopicCollector deadLetters;

    public Outcome(Infrastructure infra, String outputTopic, String deadLetterTopic) {
        this.output = new TopicCollector(infra.bootstrapServers(), outputTopic);
        this.deadLetters = new TopicCollector(infra.bootstrapServers(), deadLetterTopic);
    }

    /**
     * Reads both topics until each of {@code ids} is in one of them; false after {@code timeout}, so that the
     * scenario still reconciles and reports what it got before it fails.
     */
    public boolean awaitAll(Collection<String> ids, Duration timeout) {
        Set<String> expected = Set.copyOf(ids);
        try {
            Poll.until(timeout, "every produced event in the output or dead-letter topic", () -> {
                output.poll();
                deadLetters.poll();
                return expected.stream().allMatch(this::seen);
            }, () -> expected.stream().filter(id -> !seen(id)).count() + " of " + expected.size()
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
        return Reconciliation.of(valid, poison, output, deadLetters);
    }

    public TopicCollector output() {
        return output;
    }

    public TopicCollector deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        output.close();
        deadLetters.close();
    }
}
