package io.nlpstream.app.service;

import io.nlpstream.app.config.SchemaRegistryProperties;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/** The one registry client of the service (opened on first use, closed with the context). */
@Singleton
final class RegistryClientHolder {
    private SchemaRegistryClient client;

    synchronized SchemaRegistryClient open(SchemaRegistryProperties properties) {
        if (client == null) {
            client = RegistryConnection.open(properties);
        }
        return client;
    }

    /** The client, once a topic in the Avro format has opened it. */
    synchronized java.util.Optional<SchemaRegistryClient> current() {
        return java.util.Optional.ofNullable(client);
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
