package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link Serde} pairing {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer} over one registry
 * client. Use the factories when you hold a client (tests, the demo); the no-arg constructor plus
 * {@link #configure} for Kafka config-driven instantiation, where the client is built from the config.
 */
public class ConfluentAvroSerde<T extends GenericContainer> implements Serde<T> {
    private ConfluentAvroSerializer<T> serializer;
    private ConfluentAvroDeserializer<T> deserializer;
    private SchemaRegistryClient ownedClient;

    /** For Kafka's reflective instantiation; call {@link #configure}. */
    public ConfluentAvroSerde() {
    }

    private ConfluentAvroSerde(ConfluentAvroSerializer<T> serializer, ConfluentAvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Generated records of {@code type}; data written with older or newer compatible schemas is resolved into it. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> specific(
            Class<T> type, SchemaRegistryClient client, boolean isKey, Map<String, ?> config) {
        return new ConfluentAvroSerde<>(new ConfluentAvroSerializer<>(client, isKey, config),
                new ConfluentAvroDeserializer<>(client, type, isKey, config));
    }

    /** Generic records, read with the writer's schema. */
    public static ConfluentAvroSerde<GenericRecord> generic(SchemaRegistryClient client, boolean isKey,
                                                            Map<String, ?> config) {
        return new ConfluentAvroSerde<>(new ConfluentAvroSerializer<>(client, isKey, config),
                new ConfluentAvroDeserializer<>(client, null, isKey, config));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (serializer == null) {
            ownedClient = RestSchemaRegistryClient.fromConfig(configs);
            serializer = new ConfluentAvroSerializer<>(ownedClient, isKey, configs);
            deserializer = new ConfluentAvroDeserializer<>(ownedClient, null, isKey, configs);
        } else {
            serializer.configure(configs, isKey);
            deserializer.configure(configs, isKey);
        }
    }

    @Override
    public Serializer<T> serializer() {
        requireConfigured();
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        requireConfigured();
        return deserializer;
    }

    @Override
    public void close() {
        if (ownedClient != null) {
            ownedClient.close();
        }
    }

    private void requireConfigured() {
        if (serializer == null) {
            throw new IllegalStateException("ConfluentAvroSerde needs configure() or a factory method");
        }
    }
}
