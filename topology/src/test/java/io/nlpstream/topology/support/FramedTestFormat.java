package io.nlpstream.topology.support;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.RegistryAuthenticationException;
import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.serde.InvalidEventException;
import io.nlpstream.schemas.serde.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A registry-free stand-in for the Confluent wire format with the schemas serde's error contract: magic byte 0,
 * a 4-byte schema id, Avro binary. Id {@value #TEXT_EVENT_ID} is a text event; {@value #UNKNOWN_ID} fails with
 * {@link SchemaNotFoundException}, {@value #OUTAGE_ID} with {@link RegistryUnavailableException},
 * {@value #AUTH_ID} with {@link RegistryAuthenticationException},
 * {@value #INVALID_ID} with {@link InvalidEventException}; a bad magic byte or truncated payload with
 * {@link WireFormatException}.
 */
public final class FramedTestFormat {
    public static final int TEXT_EVENT_ID = 1;
    public static final int UNKNOWN_ID = 404;
    public static final int OUTAGE_ID = 503;
    public static final int INVALID_ID = 422;
    public static final int AUTH_ID = 401;

    private FramedTestFormat() {
    }

    public static byte[] encode(TextEvent event) {
        return frame(TEXT_EVENT_ID, avro(event));
    }

    public static byte[] frame(int schemaId, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(schemaId).put(payload).array();
    }

    public static Deserializer<TextEvent> textEvents() {
        return (topic, data) -> {
            if (data.length < 5 || data[0] != 0) {
                throw new WireFormatException("not a framed record (" + data.length + " bytes)");
            }
            int id = ByteBuffer.wrap(data, 1, 4).getInt();
            switch (id) {
                case UNKNOWN_ID -> throw new SchemaNotFoundException("schema " + id + " not found", 404, 40403);
                case OUTAGE_ID -> throw new RegistryUnavailableException("registry down", 503, null);
                case AUTH_ID -> throw new RegistryAuthenticationException("HTTP 401 (the registry rejected the"
                        + " credentials)", 401, 40101);
                case INVALID_ID -> throw new InvalidEventException("missing field 'text'");
                case TEXT_EVENT_ID -> {
                    try {
                        return new SpecificDatumReader<>(TextEvent.class).read(null,
                                DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(data, 5, data.length), null));
                    } catch (IOException | RuntimeException e) {
                        throw new WireFormatException("bad Avro payload", e);
                    }
                }
                default -> throw new SchemaNotFoundException("schema " + id + " not found", 404, 40403);
            }
        };
    }

    /** Plain Avro binary for enriched events (output side). */
    public static Serde<EnrichedTextEvent> enrichedEvents() {
        Serializer<EnrichedTextEvent> serializer = (topic, event) -> event == null ? null : avro(event);
        Deserializer<EnrichedTextEvent> deserializer = (topic, data) -> {
            try {
                return new SpecificDatumReader<>(EnrichedTextEvent.class).read(null,
                        DecoderFactory.get().binaryDecoder(data, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> byte[] avro(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>((Class<T>) record.getClass()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
