package io.nlpstream.schemas.subject;

import org.apache.avro.Schema;

/** Names the registry subject a record's schema is registered under; Confluent's strategies have the same rules. */
@FunctionalInterface
public interface SubjectNameStrategy {
    String subjectName(String topic, boolean isKey, Schema schema);
}
