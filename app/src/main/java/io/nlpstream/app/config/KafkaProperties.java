package io.nlpstream.app.config;

import java.nio.file.Path;
import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code kafka.*}: where the service's Kafka Streams application runs and how. See docs/app.md. The pass-through
 * {@code kafka.properties.*} are read by {@link KafkaPassThrough}.
 */
@ConfigurationProperties("kafka")
public class KafkaProperties {
    /** Under exactly-once, outputs become visible at commits: short enough for low latency, long enough to batch. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    private String bootstrapServers = "localhost:9092";
    private String applicationId = "nlp-stream";
    private String processingGuarantee = "exactly_once_v2";
    private int numStreamThreads = 1;
    private String stateDir = Path.of(System.getProperty("java.io.tmpdir"), "nlp-stream-state").toString();
    private int replicationFactor = -1;
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    /**
     * Longest clean shutdown of Kafka Streams, before the models close. Unset: the longest batch.max-wait +
     * batch.queue-timeout + batch.timeout of any pipeline + 10 s (70.05 s with the defaults); a smaller value stops
     * start-up.
     */
    private Duration closeTimeout;
    private String uncaughtExceptionPolicy = "REPLACE_THREAD";

    /** The cluster. */
    public String getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Kafka Streams application id: consumer group, prefix of internal topics (buffer changelogs, embedding cache).
     * All instances of one deployment share it.
     */
    public String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    /** {@code exactly_once_v2}, or {@code at_least_once} (may re-emit after a crash, never loses). */
    public String getProcessingGuarantee() {
        return processingGuarantee;
    }

    public void setProcessingGuarantee(String processingGuarantee) {
        this.processingGuarantee = processingGuarantee;
    }

    /** Stream threads per instance; the models' batchers merge their micro-batches. */
    public int getNumStreamThreads() {
        return numStreamThreads;
    }

    public void setNumStreamThreads(int numStreamThreads) {
        this.numStreamThreads = numStreamThreads;
    }

    /**
     * RocksDB state (micro-batch buffers, embedding cache); put it on a persistent volume so restarts restore
     * quickly.
     */
    public String getStateDir() {
        return stateDir;
    }

    public void setStateDir(String stateDir) {
        this.stateDir = stateDir;
    }

    /** Of the internal topics; -1 = the broker's default. */
    public int getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(int replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    /** How often offsets, buffers and outputs are committed (one transaction under exactly-once). */
    public Duration getCommitInterval() {
        return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    /**
     * Longest clean shutdown of Kafka Streams, before the models close; unset: derived from the pipelines' batch
     * settings (the longest batch wait + 10 s), and a value below that stops start-up.
     */
    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    /**
     * What a stream thread's uncaught exception does: {@code REPLACE_THREAD} (a new thread takes over),
     * {@code SHUTDOWN_CLIENT} (this instance exits 1) or {@code SHUTDOWN_APPLICATION} (all instances); record-level
     * problems never reach it, they are dead letters.
     */
    public String getUncaughtExceptionPolicy() {
        return uncaughtExceptionPolicy;
    }

    public void setUncaughtExceptionPolicy(String uncaughtExceptionPolicy) {
        this.uncaughtExceptionPolicy = uncaughtExceptionPolicy;
    }
}
