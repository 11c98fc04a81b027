package io.nlpstream.tools.demo;

import java.util.ArrayList;
import java.util.List;

import io.nlpstream.tools.embedded.EmbeddedKafka;
import io.nlpstream.tools.embedded.EmbeddedSchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster and Schema Registry the demo talks to: the embedded ones on loopback (started here, stopped by
 * {@link #close()}), or external ones named on the command line (left running).
 */
final class DemoInfrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoInfrastructure.class);

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final List<AutoCloseable> owned;

    private DemoInfrastructure(String bootstrapServers, String schemaRegistryUrl, List<AutoCloseable> owned) {
        this.bootstrapServers = bootstrapServers;
        this.schemaRegistryUrl = schemaRegistryUrl;
        this.owned = owned;
    }

    /**
     * @param bootstrapServers  an external cluster, or {@code null} to start the embedded one
     * @param schemaRegistryUrl an external registry, or {@code null} to start the embedded one
     */
    static DemoInfrastructure start(String bootstrapServers, String schemaRegistryUrl) {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            String bootstrap = bootstrapServers;
            if (bootstrap == null) {
                EmbeddedKafka kafka = EmbeddedKafka.start();
                owned.add(kafka);
                bootstrap = kafka.bootstrapServers();
            }
            String registry = schemaRegistryUrl;
            if (registry == null) {
                EmbeddedSchemaRegistry embedded = EmbeddedSchemaRegistry.create().start();
                owned.add(embedded);
                registry = embedded.url();
            }
            return new DemoInfrastructure(bootstrap, registry, owned);
        } catch (RuntimeException e) {
            closeAll(owned);
            throw e;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    boolean embeddedKafka() {
        return owned.stream().anyMatch(EmbeddedKafka.class::isInstance);
    }

    boolean embeddedRegistry() {
        return owned.stream().anyMatch(EmbeddedSchemaRegistry.class::isInstance);
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("Could not stop {}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
