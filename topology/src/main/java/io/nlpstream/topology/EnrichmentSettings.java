package io.nlpstream.topology;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one enrichment topology is built from: its pipelines, the optional ranking response base, and the
 * serdes of the event topics.
 *
 * @param responseBase {@code null} when no pipeline ranks
 */
public record EnrichmentSettings(List<PipelineSettings> pipelines, ResponseBaseSettings responseBase,
                                 EventSerdes serdes) {
    public EnrichmentSettings {
        pipelines = List.copyOf(pipelines);
        Objects.requireNonNull(serdes, "serdes");
        if (pipelines.isEmpty()) {
            throw new InvalidTopologySettingsException("no pipeline configured");
        }
        Set<String> names = new HashSet<>();
        Set<String> inputs = new HashSet<>();
        for (PipelineSettings pipeline : pipelines) {
            if (!names.add(pipeline.name())) {
                throw new InvalidTopologySettingsException("two pipelines are named '" + pipeline.name() + "'");
            }
            for (String topic : pipeline.inputTopics()) {
                // Kafka Streams subscribes a topic once; two pipelines on one topic would need a fan-out node.
                if (!inputs.add(topic)) {
                    throw new InvalidTopologySettingsException("input topic '" + topic + "' is read by two pipelines");
                }
            }
            for (ModelStep step : pipeline.steps()) {
                if (step instanceof ModelStep.Rank rank) {
                    if (responseBase == null) {
                        throw new InvalidTopologySettingsException("pipeline '" + pipeline.name()
                                + "' ranks but no response base is configured");
                    }
                    if (!rank.model().equals(responseBase.model())) {
                        throw new InvalidTopologySettingsException("pipeline '" + pipeline.name() + "' ranks with '"
                                + rank.model() + "' but the response base is embedded with '" + responseBase.model()
                                + "'");
                    }
                }
            }
        }
    }

    public Optional<ResponseBaseSettings> responseBaseSettings() {
        return Optional.ofNullable(responseBase);
    }
}
