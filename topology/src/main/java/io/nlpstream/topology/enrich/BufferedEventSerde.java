package io.nlpstream.topology.enrich;

import io.nlpstream.topology.deadletter.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The buffer store's value format: a format byte, then the original record's parts (key, value, timestamp,
 * headers), its source position and its arrival time: one copy of the event, a few dozen bytes more than the input
 * record. Format 1, written before issue 12, also appended the decoded event as Avro; it is still read (and that
 * copy ignored), so a buffer written by an older version is restored. Stateless and thread-safe.
 */
public class BufferedEventSerde implements Serde<BufferedEvent>, Serializer<BufferedEvent>,
        Deserializer<BufferedEvent> {
    private static final byte FORMAT_WITH_DECODED_COPY = 1;
    private static final byte FORMAT = 2;
    /** Format byte, key and value lengths, timestamp, header count, source flag, partition, offset, arrival. */
    private static final int FIXED_BYTES = 1 + 4 + 4 + 8 + 4 + 1 + 4 + 8 + 8;

    @Override
    public byte[] serialize(String topic, BufferedEvent value) {
        if (value == null) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint(value));
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
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITH_DECODED_COPY) {
                throw new SerializationException("unknown buffered event format " + format);
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
            // Format 1's decoded copy follows; the event is decoded again from its original bytes instead.
            return new BufferedEvent(key, value, timestamp, headers, source, arrival);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("corrupt buffered event of " + data.length + " bytes", e);
        }
    }

    private static int sizeHint(BufferedEvent value) {
        long hint = FIXED_BYTES + 64 + EventAdmission.recordBytes(value.key(), value.value(), value.headers())
                + (value.headers() == null ? 0 : 6L * value.headers().toArray().length);
        return (int) Math.min(Integer.MAX_VALUE - 8, hint);
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
