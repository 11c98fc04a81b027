package io.nlpstream.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * The ranking response base: a compacted topic keyed by response id with JSON values
 * {@code {"text": "...", "metadata": {...}}} (a tombstone removes the response).
 *
 * @param topic           the compacted response-base topic
 * @param embeddingsTopic the compacted topic the embedding processor writes and every instance reads into its
 *                        global store (conventionally {@code <topic>-embeddings})
 * @param model           the embedder, a {@link ModelSet} entry; {@link ModelStep.Rank} steps must name it too
 * @param embedTimeout    how long embedding one chunk of responses may take before it is retried later
 * @param sweepInterval   how often the wall-clock punctuation re-embeds cached entries of another model version
 */
public record ResponseBaseSettings(String topic, String embeddingsTopic, String model, Duration embedTimeout,
                                   Duration sweepInterval) {
    public ResponseBaseSettings {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(embeddingsTopic, "embeddingsTopic");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(embedTimeout, "embedTimeout");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (topic.equals(embeddingsTopic)) {
            throw new InvalidTopologySettingsException("response base and its embeddings need two topics");
        }
        if (embedTimeout.toMillis() < 1 || sweepInterval.toMillis() < 1) {
            throw new InvalidTopologySettingsException("response base timeouts must be >= 1 ms");
        }
    }

    /** {@code <topic>-embeddings}, 30 s embed timeout, 1 s sweep interval. */
    public static ResponseBaseSettings of(String topic, String model) {
        return new ResponseBaseSettings(topic, topic + "-embeddings", model, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
    }
}
