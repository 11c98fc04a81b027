package io.nlpstream.schemas.subject;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

final class RecordNames {
    private RecordNames() {
    }

    static String fullName(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new ConfigException("record-name subject strategies need a record schema, got " + schema.getType());
        }
        return schema.getFullName();
    }
}
