package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.registry.IncompatibleSchemaException;
import io.nlpstream.schemas.registry.RegisteredSchema;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import io.nlpstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing Avro records (generated {@link SpecificRecord}s or
 * {@link org.apache.avro.generic.GenericRecord}s) in the Confluent wire format, readable unchanged by Confluent's
 * {@code KafkaAvroDeserializer}. The subject comes from the configured strategy; the schema is registered
 * ({@code auto.register.schemas=true}, default), looked up, or pinned to the subject's latest version
 * ({@code use.latest.version=true}). Ids are cached by the client, so steady state costs no HTTP.
 *
 * <p>Null serializes to null. A record its own schema cannot encode raises {@link InvalidEventException};
 * registry failures raise the {@link SchemaRegistryException} subtypes. Thread-safe.
 */
public class ConfluentAvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private static final int INITIAL_BUFFER = 512;
    private static final byte[] HEADER_PLACEHOLDER = new byte[WireFormat.HEADER_LENGTH];
    private static final int MAX_FAST_PATH_TOPICS = 1_000;

    private record TopicId(Schema schema, int id) {
    }

    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(INITIAL_BUFFER);
        }
    }

    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<Schema, Long> fingerprints = new ConcurrentHashMap<>();
    private final Map<String, TopicId> idsByTopic = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeSettings settings;
    private boolean isKey;

    /** For Kafka's reflective instantiation; {@link #configure} creates the registry client from the config. */
    public ConfluentAvroSerializer() {
    }

    /** Configured with a client the caller owns (it is not closed by {@link #close()}). */
    public ConfluentAvroSerializer(SchemaRegistryClient client, boolean isKey, Map<String, ?> config) {
        this.client = Objects.requireNonNull(client, "client");
        this.isKey = isKey;
        this.settings = AvroSerdeSettings.fromConfig(config, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.settings = AvroSerdeSettings.fromConfig(configs, isKey);
        idsByTopic.clear();
        if (client == null) {
            client = RestSchemaRegistryClient.fromConfig(configs);
            ownsClient = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (settings == null) {
            throw new IllegalStateException("serializer used before configure()");
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        Buffer buffer = buffers.get();
        buffer.reset();
        buffer.write(HEADER_PLACEHOLDER, 0, WireFormat.HEADER_LENGTH);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, encoders.get());
        encoders.set(encoder);
        try {
            writer(data, schema).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // The buffered encoder still holds the failed record's prefix and would flush it into the next one.
            encoders.remove();
            throw new InvalidEventException("cannot encode " + schema.getFullName() + " for topic " + topic
                    + " with its own schema: " + e.getMessage(), e);
        }
        byte[] framed = buffer.toByteArray();
        WireFormat.writeHeader(framed, id);
        if (buffer.size() > 64 * INITIAL_BUFFER) {
            // One huge record must not pin a huge buffer to this thread for good.
            buffers.remove();
        }
        return framed;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private int schemaId(String topic, Schema schema) {
        if (settings.useLatestVersion() || topic == null) {
            return resolveId(topic, schema);
        }
        // Fast path: same topic, same schema instance as last time; no subject string, no lock, no hashing of the schema.
        TopicId known = idsByTopic.get(topic);
        if (known != null && known.schema() == schema) {
            return known.id();
        }
        int id = resolveId(topic, schema);
        if (idsByTopic.size() >= MAX_FAST_PATH_TOPICS) {
            idsByTopic.clear();
        }
        idsByTopic.put(topic, new TopicId(schema, id));
        return id;
    }

    private int resolveId(String topic, Schema schema) {
        String subject = settings.subjectNameStrategy().subjectName(topic, isKey, schema);
        if (settings.useLatestVersion()) {
            RegisteredSchema latest = client.latest(subject);
            if (!latest.schema().equals(schema) && fingerprint(latest.schema()) != fingerprint(schema)) {
                throw new IncompatibleSchemaException("use.latest.version: the record's schema "
                        + schema.getFullName() + " differs from latest version " + latest.version() + " (id "
                        + latest.id() + ") of subject '" + subject + "'", -1, -1);
            }
            return latest.id();
        }
        return settings.autoRegister() ? client.register(subject, schema) : client.idOf(subject, schema);
    }

    private long fingerprint(Schema schema) {
        return fingerprints.computeIfAbsent(schema, SchemaNormalization::parsingFingerprint64);
    }

    private DatumWriter<Object> writer(T data, Schema schema) {
        if (data instanceof SpecificRecord) {
            return specificWriters.computeIfAbsent(schema,
                    s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
        }
        return genericWriters.computeIfAbsent(schema, s -> new GenericDatumWriter<>(s, GenericData.get()));
    }

    @Override
    public String toString() {
        return "ConfluentAvroSerializer[isKey=" + isKey + ", client=" + client + "]";
    }
}
