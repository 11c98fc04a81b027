package io.nlpstream.app.service;

import java.util.List;
import java.util.Map;

import io.micronaut.context.annotation.Factory;
import io.nlpstream.app.config.PipelineProperties;
import io.nlpstream.app.config.ResponseBaseProperties;
import io.nlpstream.app.config.SchemaRegistryProperties;
import io.nlpstream.schemas.serde.EventFormat;
import jakarta.inject.Singleton;

/** Makes the enrichment plan from the configuration, opening the registry only when a topic is Avro. */
@Factory
final class ServiceFactory {

    @Singleton
    EnrichmentPlan enrichmentPlan(ModelCatalog catalog, List<PipelineProperties> pipelines,
                                  ResponseBaseProperties responseBase, SchemaRegistryProperties registry,
                                  RegistryClientHolder clients) {
        return new EnrichmentPlanner(catalog).plan(pipelines, responseBase, formats -> {
            boolean avro = formats.containsValue(EventFormat.AVRO);
            return avro ? new TopicEventSerdes(formats, clients.open(registry), RegistryConnection.serdeConfig(registry))
                    : new TopicEventSerdes(formats, null, Map.of());
        });
    }
}
