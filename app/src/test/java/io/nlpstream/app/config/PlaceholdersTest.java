package io.nlpstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void aDefaultWithColonsIsEscapedWhole() {
        assertThat(Placeholders.literalDefaults("${SCHEMA_REGISTRY_URL:http://localhost:8081}"))
                .isEqualTo("${SCHEMA_REGISTRY_URL:`http://localhost:8081`}");
        assertThat(Placeholders.literalDefaults("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092,other:9093}"))
                .isEqualTo("${KAFKA_BOOTSTRAP_SERVERS:`localhost:9092,other:9093`}");
    }

    @Test
    void placeholdersWithoutColonsInTheirDefaultAndOtherTextStayAsTheyAre() {
        for (String value : List.of("${PORT:8080}", "${SECRET}", "plain:text", "${X:`a:b`}",
                "a ${A:x} and ${B:y}")) {
            assertThat(Placeholders.literalDefaults(value)).isEqualTo(value);
        }
    }

    @Test
    void listsAndMapsAreRewrittenElementByElement() {
        Object value = List.of(Map.of("topic", "${T:a:b}"), "${U:c:d}");
        assertThat(Placeholders.literalDefaults(value))
                .isEqualTo(List.of(Map.of("topic", "${T:`a:b`}"), "${U:`c:d`}"));
    }
}
