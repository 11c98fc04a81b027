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

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
