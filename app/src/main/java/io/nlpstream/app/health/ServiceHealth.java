package io.nlpstream.app.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.LivenessProperties;
import io.nlpstream.app.service.CatalogEntry;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.app.service.StreamsRunner;
import io.nlpstream.topology.BatchSettings;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What liveness and readiness mean for this service. Ready: every model loaded and warm, and Kafka Streams RUNNING
 * (tasks assigned and state restored). Alive: Kafka Streams not failed or stopping (a rebalance, or the start before
 * RUNNING, is alive but not ready), fewer than {@code liveness.max-thread-replacements} stream threads replaced
 * within {@code liveness.thread-replacement-window} (a replaced thread looks RUNNING, a thread that fails again and
 * again does not recover), and no model call running longer than the longest pipeline {@code batch.timeout} (a hung
 * model never answers again), so an orchestrator restarts only an instance that cannot recover by itself.
 * Processing: not paused ({@code ProcessingPauses}: a dead-letter topic missing or not writable, the schema registry
 * unreachable or refusing the credentials), shown by
 * {@code /health} only, since neither a restart nor taking the instance out of service would help. The details name
 * every pause's reason and the last stream-thread failure.
 */
@Singleton
public final class ServiceHealth {
    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final ModelCatalog models;
    private final StreamsRunner streams;
    private final int maxThreadReplacements;
    private final Duration hungCallAfter;

    public ServiceHealth(ModelCatalog models, StreamsRunner streams, LivenessProperties liveness) {
        this.models = models;
        this.streams = streams;
        this.maxThreadReplacements = ConfigValues.atLeast("liveness.max-thread-replacements",
                liveness.getMaxThreadReplacements(), 1);
        this.hungCallAfter = streams.plan().settings().pipelines().stream().map(p -> p.batch().timeout())
                .max(Comparator.naturalOrder()).orElse(BatchSettings.DEFAULTS.timeout());
    }

    public boolean ready() {
        return models.isWarm() && streams.isRunning();
    }

    public boolean alive() {
        return whyNotAlive().isEmpty();
    }

    /** Why the instance is not alive, or empty when it is. */
    public Optional<String> whyNotAlive() {
        Map<String, Duration> running = new LinkedHashMap<>();
        for (CatalogEntry entry : models.entries()) {
            entry.model().longestRunningCall().ifPresent(d -> running.put(entry.name(), d));
        }
        return whyNotAlive(streams.state(), streams.threadReplacements().recent(Instant.now()), maxThreadReplacements,
                streams.threadReplacements().window(), running, hungCallAfter);
    }

    /**
     * The liveness rule alone.
     *
     * @param state        Kafka Streams' state, {@code null} before start
     * @param replacements stream threads replaced within {@code window}
     * @param runningCalls per model, how long its longest call now running has been running
     */
    static Optional<String> whyNotAlive(KafkaStreams.State state, int replacements, int maxReplacements,
                                        Duration window, Map<String, Duration> runningCalls, Duration hungCallAfter) {
        if (state != null && DEAD.contains(state)) {
            return Optional.of("Kafka Streams is " + state);
        }
        if (replacements >= maxReplacements) {
            return Optional.of(replacements + " stream threads were replaced after failing within the last "
                    + window + " (liveness.max-thread-replacements " + maxReplacements + ")");
        }
        for (Map.Entry<String, Duration> call : runningCalls.entrySet()) {
            if (call.getValue().compareTo(hungCallAfter) > 0) {
                return Optional.of("model '" + call.getKey() + "' has been running one call for "
                        + call.getValue().toMillis() + " ms, longer than the batch timeout of "
                        + hungCallAfter.toMillis() + " ms: it is hung");
            }
        }
        return Optional.empty();
    }

    /** Whether the stream is making progress: not paused for a fault no retry can fix (see {@code /health}). */
    public boolean processing() {
        return !streams.pauses().paused();
    }

    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        KafkaStreams.State state = streams.state();
        details.put("kafkaStreams", state == null ? "NOT_STARTED" : state.name());
        details.put("modelsWarm", models.isWarm());
        Map<String, String> pauses = streams.pauses().reasons();
        if (!pauses.isEmpty()) {
            details.put("processingPaused", List.copyOf(pauses.values()));
        }
        details.put("streamThreadReplacements", Map.of("recent", streams.threadReplacements().recent(Instant.now()),
                "window", streams.threadReplacements().window().toString(),
                "total", streams.threadReplacements().total()));
        whyNotAlive().ifPresent(reason -> details.put("notAlive", reason));
        streams.lastFailure().ifPresent(failure -> details.put("lastStreamThreadFailure",
                Map.of("at", failure.at().toString(), "error", failure.description())));
        return details;
    }
}
