package io.nlpstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * The four Confluent Schema Registry calls a serde needs. Implementations cache answers, are thread-safe, and
 * throw only {@link SchemaRegistryException} subtypes: {@link SchemaNotFoundException} for unknown
 * subjects/versions/ids, {@link IncompatibleSchemaException}, {@link InvalidSchemaException}, and
 * {@link RegistryUnavailableException} when the registry cannot be reached after retries.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of {@code schema} already registered under {@code subject}; never registers. */
    int idOf(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema schemaById(int id);

    /** The latest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** Releases HTTP resources; further calls may fail. */
    @Override
    void close();
}
