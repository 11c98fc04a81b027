package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} for the Confluent wire format (what Confluent's {@code KafkaAvroSerializer}
 * writes). The writer schema is fetched by the id in the header (cached) and resolved into the reader schema:
 * the generated class's schema for specific records, or the writer schema itself for generic records. So a
 * consumer built against a newer schema reads older records, with defaults for added fields.
 *
 * <p>Errors are typed: fewer than 5 bytes, a magic byte other than 0, truncated, trailing or garbage Avro raise
 * {@link WireFormatException}; an id the registry does not know raises
 * {@link io.nlpstream.schemas.registry.SchemaNotFoundException}; an unreachable registry
 * {@link io.nlpstream.schemas.registry.RegistryUnavailableException}; a writer schema with no generated class
 * on the classpath (specific mode without a fixed type) {@link InvalidEventException}. Null bytes give null.
 * Thread-safe.
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {
    private static final int MAX_CACHED_READERS = 1_000;

    private record LastReader(int id, DatumReader<Object> reader) {
    }

    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private final ThreadLocal<BoundedDecoder> boundedDecoders = ThreadLocal.withInitial(BoundedDecoder::new);
    private final Map<Integer, DatumReader<Object>> readersById = new ConcurrentHashMap<>();
    private volatile LastReader lastReader;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean specific;
    private Optional<Schema> fixedReaderSchema = Optional.empty();
    private Optional<Schema> pinnedReaderSchema = Optional.empty();

    /** For Kafka's reflective instantiation; {@link #configure} creates the registry client from the config. */
    public ConfluentAvroDeserializer() {
    }

    /**
     * Configured with a client the caller owns. With {@code specificType} set, every record is read into that
     * generated class; without it the config decides ({@code specific.avro.reader}, {@code specific.avro.*.type}).
     */
    public ConfluentAvroDeserializer(SchemaRegistryClient client, Class<? extends SpecificRecord> specificType,
                                     boolean isKey, Map<String, ?> config) {
        this.client = Objects.requireNonNull(client, "client");
        this.pinnedReaderSchema = Optional.ofNullable(specificType).map(type -> SpecificData.get().getSchema(type));
        apply(AvroSerdeSettings.fromConfig(config, isKey));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        apply(AvroSerdeSettings.fromConfig(configs, isKey));
        if (client == null) {
            client = RestSchemaRegistryClient.fromConfig(configs);
            ownsClient = true;
        }
    }

    private void apply(AvroSerdeSettings settings) {
        specific = settings.specificReader() || pinnedReaderSchema.isPresent();
        fixedReaderSchema = pinnedReaderSchema.or(() -> settings.specificType().map(type -> SpecificData.get().getSchema(type)));
        readersById.clear();
        lastReader = null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("deserializer used before configure()");
        }
        int id = WireFormat.schemaId(data);
        DatumReader<Object> reader = reader(id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, decoders.get());
        decoders.set(decoder);
        BoundedDecoder bounded = boundedDecoders.get().reset(decoder, data.length - WireFormat.HEADER_LENGTH);
        Object record;
        try {
            record = reader.read(null, bounded);
            if (!bounded.isEnd()) {
                throw new WireFormatException("record with schema id " + id + " from topic " + topic
                        + " has trailing bytes after the Avro payload");
            }
        } catch (WireFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("cannot decode the Avro payload (schema id " + id + ") from topic " + topic
                    + ": " + e, e);
        }
        return (T) record;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private DatumReader<Object> reader(int id) {
        // A topic is nearly always one writer schema: check the last one first, without boxing or hashing.
        LastReader last = lastReader;
        if (last != null && last.id() == id) {
            return last.reader();
        }
        DatumReader<Object> reader = readersById.get(id);
        if (reader == null) {
            reader = createReader(id);
            if (readersById.size() >= MAX_CACHED_READERS) {
                readersById.clear();
            }
            readersById.put(id, reader);
        }
        lastReader = new LastReader(id, reader);
        return reader;
    }

    private DatumReader<Object> createReader(int id) {
        Schema writer = client.schemaById(id);
        if (!specific) {
            return BoundedDatumReaders.generic(writer);
        }
        Schema reader = fixedReaderSchema.orElseGet(() -> generatedSchema(writer, id));
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (compatibility.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            // Not cached: a later registration cannot change this writer schema, but failing fast here beats a
            // confusing AvroTypeException halfway through the payload.
            throw new InvalidEventException("schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                    + reader.getFullName() + ": " + compatibility.getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation()).toList());
        }
        return BoundedDatumReaders.specific(writer, reader);
    }

    private static Schema generatedSchema(Schema writer, int id) {
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new InvalidEventException("specific.avro.reader is on but the writer schema " + writer.getFullName()
                    + " (id " + id + ") has no generated class on the classpath");
        }
        return SpecificData.get().getSchema(type);
    }

    @Override
    public String toString() {
        return "ConfluentAvroDeserializer[specific=" + specific + ", client=" + client + "]";
    }
}
