package io.nlpstream.app.service;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why processing is paused, if it is: Kafka Streams' whole-instance {@link KafkaStreams#pause()} while at least one
 * reason holds, {@link KafkaStreams#resume()} when the last one is gone. A paused instance keeps its partitions, polls
 * and commits, but processes and punctuates nothing, so a fault that no retry can fix (a dead-letter topic deleted)
 * stops progress visibly instead of failing and replacing stream threads in a loop. Thread-safe.
 */
public final class ProcessingPauses {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingPauses.class);

    private final Map<String, String> reasons = new LinkedHashMap<>();
    private KafkaStreams streams;

    /** Applies the current state to {@code streams} (before or after it starts) and to every later change. */
    public synchronized void attach(KafkaStreams streams) {
        this.streams = streams;
        apply();
    }

    /**
     * Pauses for {@code key} (a no-op when it already holds), with the sentence that explains it.
     *
     * @return whether this key is new
     */
    public synchronized boolean pause(String key, String sentence) {
        boolean added = reasons.put(key, sentence) == null;
        if (added && reasons.size() == 1) {
            apply();
        }
        return added;
    }

    /** @return whether {@code key} held */
    public synchronized boolean resume(String key) {
        boolean removed = reasons.remove(key) != null;
        if (removed && reasons.isEmpty()) {
            apply();
        }
        return removed;
    }

    /** The sentences of the reasons that hold, in the order they began. */
    public synchronized Map<String, String> reasons() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    public synchronized boolean paused() {
        return !reasons.isEmpty();
    }

    private void apply() {
        if (streams == null) {
            return;
        }
        if (reasons.isEmpty()) {
            if (streams.isPaused()) {
                streams.resume();
                LOG.info("Processing resumed");
            }
        } else if (!streams.isPaused()) {
            streams.pause();
            LOG.warn("Processing paused: {}", String.join(" ", reasons.values()));
        }
    }
}
