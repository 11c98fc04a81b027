package io.nlpstream.schemas.testing;

import io.nlpstream.schemas.registry.CompatibilityLevel;
import io.nlpstream.schemas.registry.IncompatibleSchemaException;
import io.nlpstream.schemas.registry.RegisteredSchema;
import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;

/**
 * A Schema Registry in memory, seen through the client interface: for tests of what sits on top of a client (serdes,
 * the HTTP stub). It answers as Confluent's registry does: ids are global (the same schema under two subjects has
 * one id), versions count per subject, registering is idempotent and checked against the subject's latest version
 * under BACKWARD compatibility, and misses carry Confluent's error codes (40401 subject, 40403 schema). It caches
 * nothing (it is the registry), counts every call, and can be taken down to test what callers do then.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean down;

    @Override
    public synchronized int register(String subject, Schema schema) {
        count();
        List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema version : versions) {
            if (version.schema().equals(schema)) {
                return version.id();
            }
        }
        List<String> problems = CompatibilityLevel.BACKWARD.violations(schema,
                versions.stream().map(RegisteredSchema::schema).toList());
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier schema for"
                    + " subject \"" + subject + "\": " + problems, 409, 409);
        }
        int id = idsBySchemaText.computeIfAbsent(schema.toString(), text -> idsBySchemaText.size() + 1);
        schemasById.put(id, schema);
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return lookup(subject, schema).id();
    }

    /** What {@code POST /subjects/{subject}} answers: the version of {@code subject} that is {@code schema}. */
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        count();
        return versions(subject).stream().filter(v -> v.schema().equals(schema)).findFirst()
                .orElseThrow(() -> new SchemaNotFoundException("Schema not found under subject '" + subject + "'",
                        404, 40403));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        count();
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema " + id + " not found", 404, 40403);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        count();
        List<RegisteredSchema> versions = versions(subject);
        return versions.get(versions.size() - 1);
    }

    /** Calls answered or refused so far; lets a test prove that a cache above this client asked nothing. */
    public long calls() {
        return calls.get();
    }

    /** From now on every call fails as an unreachable registry does. */
    public void goDown() {
        down = true;
    }

    @Override
    public void close() {
    }

    private void count() {
        calls.incrementAndGet();
        if (down) {
            throw new RegistryUnavailableException("the in-memory registry is down", -1, null);
        }
    }

    private List<RegisteredSchema> versions(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaNotFoundException("Subject '" + subject + "' not found", 404, 40401);
        }
        return versions;
    }
}
