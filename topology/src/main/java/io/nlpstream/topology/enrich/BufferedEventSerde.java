package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.deadletter.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The buffer store's value format: a format byte, the original record parts, then the decoded event as plain Avro
 * binary. The decoded event is stored (not re-decoded on flush) so a restart never needs the schema registry to
 * flush what was already accepted. Stateless and thread-safe.
 */
public class BufferedEventSerde implements Serde<BufferedEvent>, Serializer<BufferedEvent>,
        Deserializer<BufferedEvent> {
    private static final byte FORMAT = 1;
    private static final SpecificDatumWriter<TextEvent> WRITER = new SpecificDatumWriter<>(TextEvent.class);
    private static final SpecificDatumReader<TextEvent> READER = new SpecificDatumReader<>(TextEvent.class);

    @Override
    public byte[] serialize(String topic, BufferedEvent value) {
        if (value == null) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (value.value() == null ? 0 : 2 * value.value().length));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            writeBytes(out, value.key());
            writeBytes(out, value.value());
            out.writeLong(value.timestamp());
            Header[] headers = value.headers() == null ? new Header[0] : value.headers().toArray();
            out.writeInt(headers.length);
            for (Header header : headers) {
                out.writeUTF(header.key());
                writeBytes(out, header.value());
            }
            SourcePosition source = value.source();
            out.writeBoolean(source.topic() != null);
            if (source.topic() != null) {
                out.writeUTF(source.topic());
            }
            out.writeInt(source.partition());
            out.writeLong(source.offset());
            out.writeLong(value.arrivalMs());
            out.flush();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            WRITER.write(value.event(), encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public BufferedEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            ByteArrayInputStream bytes = new ByteArrayInputStream(data);
            DataInputStream in = new DataInputStream(bytes);
            if (in.readByte() != FORMAT) {
                throw new SerializationException("unknown buffered event format " + data[0]);
            }
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            long timestamp = in.readLong();
            int headerCount = in.readInt();
            RecordHeaders headers = new RecordHeaders();
            for (int i = 0; i < headerCount; i++) {
                headers.add(in.readUTF(), readBytes(in));
            }
            String sourceTopic = in.readBoolean() ? in.readUTF() : null;
            SourcePosition source = new SourcePosition(sourceTopic, in.readInt(), in.readLong());
            long arrival = in.readLong();
            BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(bytes, null);
            TextEvent event = READER.read(null, decoder);
            return new BufferedEvent(key, value, timestamp, headers, source, arrival, event);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("corrupt buffered event of " + data.length + " bytes", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public Serializer<BufferedEvent> serializer() {
        return this;
    }

    @Override
    public Deserializer<BufferedEvent> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
