package io.nlpstream.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject as the registry answers it: the global id and the subject-local version number. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
