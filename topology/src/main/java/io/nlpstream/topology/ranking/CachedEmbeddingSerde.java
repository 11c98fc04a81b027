package io.nlpstream.topology.ranking;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link CachedEmbedding}: format byte 1, version and text as length-prefixed UTF-8, the
 * dimension, then the floats big-endian. A null value is a tombstone.
 */
public class CachedEmbeddingSerde implements Serde<CachedEmbedding>, Serializer<CachedEmbedding>,
        Deserializer<CachedEmbedding> {
    private static final byte FORMAT = 1;

    @Override
    public byte[] serialize(String topic, CachedEmbedding value) {
        if (value == null) {
            return null;
        }
        byte[] version = value.modelVersion().getBytes(StandardCharsets.UTF_8);
        byte[] text = value.text().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + version.length + 4 + text.length + 4 + 4 * value.vector().length);
        out.put(FORMAT).putInt(version.length).put(version).putInt(text.length).put(text)
                .putInt(value.vector().length);
        out.asFloatBuffer().put(value.vector());
        return out.array();
    }

    @Override
    public CachedEmbedding deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.get() != FORMAT) {
                throw new SerializationException("unknown cached embedding format " + data[0]);
            }
            String version = string(in);
            String text = string(in);
            float[] vector = new float[in.getInt()];
            in.asFloatBuffer().get(vector);
            return new CachedEmbedding(version, vector, text);
        } catch (RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("corrupt cached embedding of " + data.length + " bytes", e);
        }
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public Serializer<CachedEmbedding> serializer() {
        return this;
    }

    @Override
    public Deserializer<CachedEmbedding> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
