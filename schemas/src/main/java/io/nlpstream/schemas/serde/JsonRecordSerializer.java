package io.nlpstream.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Writes generated Avro records as plain, UTF-8 JSON (see {@link JsonRecordMapper} for the mapping). Null gives null. */
public class JsonRecordSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final JsonRecordMapper<T> mapper;

    public JsonRecordSerializer(Class<T> type) {
        this.mapper = new JsonRecordMapper<>(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : mapper.write(data);
    }
}
