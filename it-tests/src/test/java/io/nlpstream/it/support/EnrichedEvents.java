package io.nlpstream.it.support;

import java.util.Map;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.serde.ConfluentAvroDeserializer;
import io.nlpstream.schemas.serde.JsonSerdes;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads enriched records back the way a downstream consumer does: Avro through the registry, or plain JSON. */
public final class EnrichedEvents {
    private EnrichedEvents() {
    }

    public static Deserializer<EnrichedTextEvent> avro(Infrastructure infra) {
        Map<String, Object> config = Map.of("schema.registry.url", infra.registry().url());
        return new ConfluentAvroDeserializer<>(RestSchemaRegistryClient.fromConfig(config), EnrichedTextEvent.class,
                false, config);
    }

    public static Deserializer<EnrichedTextEvent> json() {
        return JsonSerdes.enrichedEvents().deserializer();
    }

    /** The result of the model named {@code model}; fails when the event has none. */
    public static ModelResult result(EnrichedTextEvent event, String model) {
        return event.getResults().stream().filter(r -> r.getModel().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError("event " + event.getId() + " has no result of " + model
                        + ": " + event.getResults()));
    }
}
