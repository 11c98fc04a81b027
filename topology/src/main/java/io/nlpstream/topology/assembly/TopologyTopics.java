package io.nlpstream.topology.assembly;

import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.Topic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.topology.ranking.CachedEmbedding;
import io.nlpstream.topology.ranking.CachedEmbeddingSerde;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topics of a topology. Keys stay bytes end to end so an event keeps its exact original key; input
 * values are bytes because decoding happens inside the topology.
 */
public record TopologyTopics(Map<String, PipelineTopics> pipelines, Optional<ResponseBaseTopics> responseBase) {

    /** One pipeline's topics. */
    /** One pipeline's topics; {@code routes} are the topics its decisions' actions route to. */
    public record PipelineTopics(List<Topic<byte[], byte[]>> inputs, Topic<byte[], EnrichedTextEvent> output,
                                 Topic<byte[], byte[]> deadLetters, List<Topic<byte[], EnrichedTextEvent>> routes) {
        public PipelineTopics {
            inputs = List.copyOf(inputs);
            routes = List.copyOf(routes);
        }
    }

    /** The response base and the embeddings topic that feeds every instance's global store. */
    public record ResponseBaseTopics(Topic<String, byte[]> responses, Topic<String, CachedEmbedding> embeddings) {
    }

    public TopologyTopics {
        pipelines = Map.copyOf(pipelines);
    }

    public static TopologyTopics of(EnrichmentSettings settings) {
        Serde<byte[]> bytes = Serdes.ByteArray();
        Map<String, PipelineTopics> pipelines = new LinkedHashMap<>();
        for (PipelineSettings p : settings.pipelines()) {
            pipelines.put(p.name(), new PipelineTopics(
                    p.inputTopics().stream().map(t -> new Topic<>(t, bytes, bytes)).toList(),
                    new Topic<>(p.outputTopic(), bytes, settings.serdes().outputSerde(p)),
                    new Topic<>(p.deadLetterTopic(), bytes, bytes),
                    p.decisions().routeTopics().stream()
                            .map(t -> new Topic<>(t, bytes, settings.serdes().outputSerde(p))).toList()));
        }
        return new TopologyTopics(pipelines, settings.responseBaseSettings().map(rb -> new ResponseBaseTopics(
                new Topic<>(rb.topic(), Serdes.String(), bytes),
                new Topic<>(rb.embeddingsTopic(), Serdes.String(), new CachedEmbeddingSerde()))));
    }

    public PipelineTopics pipeline(String name) {
        PipelineTopics topics = pipelines.get(name);
        if (topics == null) {
            throw new IllegalArgumentException("no pipeline named '" + name + "'; have " + pipelines.keySet());
        }
        return topics;
    }
}
