package io.nlpstream.app.health;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micronaut.context.annotation.Context;
import io.nlpstream.app.metrics.ServiceMetrics;
import io.nlpstream.app.service.StreamsRunner;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.assembly.EnrichmentTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Gauges read from the running Kafka Streams when scraped: readiness, whether processing is paused and the
 * approximate entries of the state stores (micro-batch buffers, the response-base cache and its global copy). Each
 * reads NaN while the streams cannot answer. Consumer lag is the Kafka clients' own metric ({@link
 * ServiceMetrics#CONSUMER_RECORDS_LAG}).
 */
@Context
final class StreamsGauges {
    static final String READY = "nlpstream.ready";
    static final String STATE_STORE_ENTRIES = "nlpstream.state.store.entries";
    static final String PROCESSING_PAUSED = "nlpstream.processing.paused";

    private final StreamsRunner streams;

    StreamsGauges(ServiceMetrics metrics, StreamsRunner streams, ServiceHealth health) {
        this.streams = streams;
        Gauge.builder(READY, health, h -> h.ready() ? 1 : 0)
                .description("1 when every model is warm and Kafka Streams is RUNNING").register(metrics.registry());
        Gauge.builder(PROCESSING_PAUSED, streams, s -> s.pauses().paused() ? 1 : 0)
                .description("1 while processing is paused (a dead-letter topic missing or not writable)")
                .register(metrics.registry());
        for (String store : stores(streams)) {
            Gauge.builder(STATE_STORE_ENTRIES, this, g -> g.entries(store)).tag("store", store)
                    .description("Approximate entries in a state store on this instance").register(metrics.registry());
        }
    }

    private static List<String> stores(StreamsRunner streams) {
        List<String> names = new ArrayList<>();
        for (PipelineSettings p : streams.plan().settings().pipelines()) {
            names.add(EnrichmentTopology.bufferStoreName(p.name()));
        }
        if (streams.plan().settings().responseBase() != null) {
            names.add(EnrichmentTopology.RESPONSE_CACHE_STORE);
            names.add(EnrichmentTopology.RESPONSE_BASE_STORE);
        }
        return names;
    }

    private double entries(String store) {
        KafkaStreams s = streams.streams().orElse(null);
        if (s == null || s.state() != KafkaStreams.State.RUNNING) {
            return Double.NaN;
        }
        try {
            ReadOnlyKeyValueStore<Object, Object> kv = s.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.keyValueStore()));
            return kv.approximateNumEntries();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
