package io.nlpstream.app.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.app.service.StreamsRunner;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What liveness and readiness mean for this service. Ready: every model loaded and warm, and Kafka Streams RUNNING
 * (tasks assigned and state restored). Alive: Kafka Streams not failed or stopping (a rebalance, or the start before
 * RUNNING, is alive but not ready), so an orchestrator restarts only an instance that cannot recover by itself.
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

    public ServiceHealth(ModelCatalog models, StreamsRunner streams) {
        this.models = models;
        this.streams = streams;
    }

    public boolean ready() {
        return models.isWarm() && streams.isRunning();
    }

    public boolean alive() {
        KafkaStreams.State state = streams.state();
        return state == null || !DEAD.contains(state);
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
        streams.lastFailure().ifPresent(failure -> details.put("lastStreamThreadFailure",
                Map.of("at", failure.at().toString(), "error", failure.description())));
        return details;
    }
}
