package io.nlpstream.app.config;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code response-base.*}: the compacted topic of responses that ranking steps search, and its embedding cache. */
@ConfigurationProperties("response-base")
public class ResponseBaseProperties {
    private String topic = "response-base";
    private String embeddingsTopic;
    private String model;
    private int topK = 5;
    private Duration embedTimeout = Duration.ofSeconds(30);
    private Duration sweepInterval = Duration.ofSeconds(1);

    /** Whether a response base is configured at all (its model is named). */
    public boolean isConfigured() {
        return model != null && !model.isBlank();
    }

    /**
     * Compacted topic of the responses to rank: key = response id, value a JSON object with {@code text} and an
     * optional {@code metadata} object; a tombstone deletes the response.
     */
    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** Defaults to {@code <topic>-embeddings}. */
    public String getEmbeddingsTopic() {
        return embeddingsTopic;
    }

    public void setEmbeddingsTopic(String embeddingsTopic) {
        this.embeddingsTopic = embeddingsTopic;
    }

    /** The feature-extraction model (a {@code models.definitions} name). */
    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    /** Hits per ranked event, and {@code /v1/rank}'s default {@code k}. */
    public int getTopK() {
        return topK;
    }

    public void setTopK(int topK) {
        this.topK = topK;
    }

    /** Longest embedding of a chunk of responses. */
    public Duration getEmbedTimeout() {
        return embedTimeout;
    }

    public void setEmbedTimeout(Duration embedTimeout) {
        this.embedTimeout = embedTimeout;
    }

    /** How often entries of an older model version are re-embedded. */
    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }
}
