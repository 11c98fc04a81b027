package io.nlpstream.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Guards the evolution rules of docs/schemas.md: every published version of each schema lives in
 * {@code src/main/avro-history/<Name>/v<N>.avsc}; the current schema must read data written with every one of
 * them (BACKWARD_TRANSITIVE), must equal the newest history entry (so a change cannot skip the history), and
 * every field added after v1 must have a default.
 */
class SchemaEvolutionTest {
    private static final Path HISTORY = Path.of("src/main/avro-history");

    static Stream<Schema> currentSchemas() {
        return Stream.of(TextEvent.getClassSchema(), EnrichedTextEvent.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void currentSchemaReadsDataWrittenWithEveryEarlierVersion(Schema current) throws IOException {
        List<Schema> history = history(current.getName());
        assertThat(history).as("history of %s", current.getName()).isNotEmpty();
        for (Schema earlier : history) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, earlier).getResult();
            assertThat(result.getCompatibility()).as("%s reading data written with a history version: %s",
                    current.getName(), result.getIncompatibilities()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.violations(current, history)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void newestHistoryVersionIsTheCurrentSchema(Schema current) throws IOException {
        List<Schema> history = history(current.getName());
        Schema newest = history.get(history.size() - 1);
        assertThat(SchemaNormalization.toParsingForm(newest))
                .as("changed %s.avsc: copy it to avro-history/%s/v%d.avsc", current.getName(), current.getName(), history.size() + 1)
                .isEqualTo(SchemaNormalization.toParsingForm(current));
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void everyFieldAddedAfterV1HasADefault(Schema current) throws IOException {
        Schema v1 = history(current.getName()).get(0);
        assertThat(fieldsAddedWithoutDefault(v1, current)).as("fields of %s added after v1 without a default", current.getName()).isEmpty();
    }

    @Test
    void theDefaultRuleCatchesARequiredAddition() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a")
                .name("nested").type().record("N").fields().requiredInt("x").endRecord().noDefault().endRecord();
        Schema bad = SchemaBuilder.record("R").fields().requiredString("a")
                .name("nested").type().record("N").fields().requiredInt("x").requiredInt("y").endRecord().noDefault()
                .optionalString("ok").requiredLong("b").endRecord();
        assertThat(fieldsAddedWithoutDefault(v1, bad)).containsExactlyInAnyOrder("R.nested.y", "R.b");
    }

    /** Paths of fields in {@code current} (nested records included) that v1 lacks and that have no default. */
    static List<String> fieldsAddedWithoutDefault(Schema v1, Schema current) {
        Set<String> original = new HashSet<>();
        collect(v1, v1.getName(), original, null, new HashSet<>());
        List<String> offending = new ArrayList<>();
        collect(current, current.getName(), new HashSet<>(), field -> {
            if (!original.contains(field.path()) && !field.field().hasDefaultValue()) {
                offending.add(field.path());
            }
        }, new HashSet<>());
        return offending;
    }

    private record FieldAt(String path, Schema.Field field) {
    }

    private static void collect(Schema schema, String path, Set<String> paths,
                                java.util.function.Consumer<FieldAt> visitor, Set<String> seenRecords) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seenRecords.add(schema.getFullName() + "@" + path)) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    String fieldPath = path + "." + field.name();
                    paths.add(fieldPath);
                    if (visitor != null) {
                        visitor.accept(new FieldAt(fieldPath, field));
                    }
                    collect(field.schema(), fieldPath, paths, visitor, seenRecords);
                }
            }
            case ARRAY -> collect(schema.getElementType(), path, paths, visitor, seenRecords);
            case MAP -> collect(schema.getValueType(), path, paths, visitor, seenRecords);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, path, paths, visitor, seenRecords));
            default -> {
            }
        }
    }

    static List<Schema> history(String name) throws IOException {
        Path dir = HISTORY.resolve(name);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> versions = files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
            List<Schema> schemas = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                assertThat(versions.get(i).getFileName().toString()).as("history versions are numbered 1..n without gaps")
                        .isEqualTo("v" + (i + 1) + ".avsc");
                schemas.add(new Schema.Parser().parse(versions.get(i).toFile()));
            }
            return schemas;
        }
    }
}
