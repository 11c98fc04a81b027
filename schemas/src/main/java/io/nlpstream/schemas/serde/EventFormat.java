package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * The encoding of a topic's values: plain JSON, or Avro in the Confluent wire format (needs a registry).
 * Chosen per topic so one deployment can read JSON from one producer and Avro from another.
 */
public enum EventFormat {
    JSON,
    AVRO;

    /** Value serde for input events in this format; {@code registry} is used only for AVRO. */
    public Serde<TextEvent> textEventSerde(SchemaRegistryClient registry, Map<String, ?> serdeConfig) {
        return this == JSON ? JsonSerdes.textEvents()
                : ConfluentAvroSerde.specific(TextEvent.class, requireRegistry(registry), false, serdeConfig);
    }

    /** Value serde for enriched events in this format; {@code registry} is used only for AVRO. */
    public Serde<EnrichedTextEvent> enrichedEventSerde(SchemaRegistryClient registry, Map<String, ?> serdeConfig) {
        return this == JSON ? JsonSerdes.enrichedEvents()
                : ConfluentAvroSerde.specific(EnrichedTextEvent.class, requireRegistry(registry), false, serdeConfig);
    }

    private static SchemaRegistryClient requireRegistry(SchemaRegistryClient registry) {
        if (registry == null) {
            throw new IllegalArgumentException("the AVRO event format needs a schema registry client");
        }
        return registry;
    }
}
