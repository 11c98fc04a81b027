package io.nlpstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {
    private static final Schema V1 = SchemaBuilder.record("R").fields().requiredString("a").requiredString("b").endRecord();
    private static final Schema V2 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    private static final Schema V3 = SchemaBuilder.record("R").fields().requiredString("a").requiredInt("b").endRecord();

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        // V3 re-adds b as an int: V2 readers ignore it, V1 readers expect a string there.
        assertThat(CompatibilityLevel.BACKWARD.violations(V2, List.of(V1))).isEmpty();
        assertThat(CompatibilityLevel.FORWARD.violations(V2, List.of(V1))).isNotEmpty();
        assertThat(CompatibilityLevel.FORWARD.violations(V3, List.of(V1, V2))).isEmpty();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.violations(V3, List.of(V1, V2))).isNotEmpty();
        assertThat(CompatibilityLevel.NONE.violations(V3, List.of(V1, V2))).isEmpty();
        assertThat(CompatibilityLevel.FULL.violations(V1, List.of())).isEmpty();
    }

    @Test
    void parsesNamesCaseInsensitively() {
        assertThat(CompatibilityLevel.parse(" full_transitive ")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("strict")).isInstanceOf(IllegalArgumentException.class);
    }
}
