package io.nlpstream.app.service;

import java.util.Map;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import io.nlpstream.schemas.serde.EventFormat;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.InputSettings;
import io.nlpstream.topology.PipelineSettings;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/** Serdes by topic: each input and output topic in the format its configuration names (JSON, or Avro). */
final class TopicEventSerdes implements EventSerdes {
    private final Map<String, EventFormat> formats;
    private final SchemaRegistryClient registry;
    private final Map<String, Object> serdeConfig;

    /** @param registry {@code null} when no topic is Avro */
    TopicEventSerdes(Map<String, EventFormat> formats, SchemaRegistryClient registry, Map<String, Object> serdeConfig) {
        this.formats = Map.copyOf(formats);
        this.registry = registry;
        this.serdeConfig = Map.copyOf(serdeConfig);
    }

    @Override
    public Deserializer<TextEvent> inputDeserializer(InputSettings input) {
        return format(input.topic()).textEventSerde(registry, serdeConfig).deserializer();
    }

    @Override
    public Serde<EnrichedTextEvent> outputSerde(PipelineSettings pipeline) {
        return format(pipeline.outputTopic()).enrichedEventSerde(registry, serdeConfig);
    }

    private EventFormat format(String topic) {
        EventFormat format = formats.get(topic);
        if (format == null) {
            throw new IllegalArgumentException("no format configured for topic " + topic);
        }
        return format;
    }
}
