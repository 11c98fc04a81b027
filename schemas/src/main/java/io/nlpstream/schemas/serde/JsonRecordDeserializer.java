package io.nlpstream.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads plain JSON into generated Avro records, strictly: invalid UTF-8, not JSON, a missing required field or a
 * value of the wrong type raise {@link InvalidEventException}. Null gives null.
 */
public class JsonRecordDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final JsonRecordMapper<T> mapper;

    public JsonRecordDeserializer(Class<T> type) {
        this.mapper = new JsonRecordMapper<>(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        T record;
        try {
            record = mapper.read(data);
        } catch (InvalidEventException e) {
            throw new InvalidEventException("invalid " + mapper.typeName() + " JSON on topic " + topic + ": "
                    + e.getMessage(), e.getCause());
        }
        validate(record, topic);
        return record;
    }

    /** Rules beyond the schema's types; throw {@link InvalidEventException}. Default: none. */
    protected void validate(T record, String topic) {
    }
}
