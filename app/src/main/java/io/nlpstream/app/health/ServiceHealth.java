package io.nlpstream.app.health;

import java.util.LinkedHashMap;
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

    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        KafkaStreams.State state = streams.state();
        details.put("kafkaStreams", state == null ? "NOT_STARTED" : state.name());
        details.put("modelsWarm", models.isWarm());
        return details;
    }
}
