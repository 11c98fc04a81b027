package io.nlpstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigurationKeysTest {
    private final ConfigurationKeys keys = ConfigurationKeys.load();

    @Test
    void theKeysComeFromTheConfigurationClassesWithTheirTypesAndDefaults() {
        assertThat(keys.find("batching.max-wait")).get()
                .isEqualTo(new ConfigurationKey("batching.max-wait", "duration", "5ms",
                        "How long a partial batch waits for more requests."));
        assertThat(keys.find("kafka.num-stream-threads")).get().extracting(ConfigurationKey::type,
                ConfigurationKey::defaultValue).containsExactly("integer", "1");
        assertThat(keys.find("schema-registry.auto-register-schemas")).get()
                .extracting(ConfigurationKey::type, ConfigurationKey::defaultValue).containsExactly("boolean", "true");
        assertThat(keys.find("pipelines[3].inputs[1].format")).get().extracting(ConfigurationKey::name,
                ConfigurationKey::defaultValue).containsExactly("pipelines[*].inputs[*].format", "JSON");
        assertThat(keys.find("models.definitions.my-model.top-k")).get().extracting(ConfigurationKey::name)
                .isEqualTo("models.definitions.*.top-k");
        assertThat(keys.find("kafka.properties.security.protocol")).get().extracting(ConfigurationKey::name)
                .isEqualTo("kafka.properties.*");
        assertThat(keys.sections()).contains("batching", "kafka", "models", "pipelines", "response-base",
                "schema-registry");
    }

    @Test
    void eachKeyHasOneEnvironmentVariableExceptInsideLists() {
        assertThat(keys.find("models.session.provider").orElseThrow().environmentVariable())
                .isEqualTo("MODELS_SESSION_PROVIDER");
        assertThat(keys.find("models.definitions.x.path").orElseThrow().environmentVariable())
                .isEqualTo("MODELS_DEFINITIONS_<NAME>_PATH");
        assertThat(keys.find("kafka.properties.a.b").orElseThrow().environmentVariable())
                .isEqualTo("KAFKA_PROPERTIES_<NAME>");
        assertThat(keys.find("pipelines[0].name").orElseThrow().environmentVariable()).isEmpty();
    }

    @Test
    void theClosestKeyKeepsTheUsersNamesAndIndexes() {
        assertThat(keys.find("models.definitions.ner.agregation-strategy")).isEmpty();
        assertThat(keys.closest("models.definitions.ner.agregation-strategy"))
                .isEqualTo("models.definitions.ner.aggregation-strategy");
        assertThat(keys.closest("pipelines[2].dead-leter")).isEqualTo("pipelines[2].dead-letter");
        assertThat(keys.closest("kafka.bootstrap-server")).isEqualTo("kafka.bootstrap-servers");
    }

    @Test
    void camelCaseKeysAreReadAsMicronautBindsThem() {
        assertThat(keys.find("kafka.bootstrapServers")).isPresent();
    }

    @Test
    void strictConfigurationRefusesUnknownKeysInOwnSectionsOnly() {
        StrictConfiguration strict = new StrictConfiguration(keys);
        strict.check("test", Map.of("micronaut.server.port", 1, "endpoints.anything", true,
                "pipelines", List.of(Map.of("name", "p", "inputs", List.of(Map.of("topic", "t")),
                        "models", List.of("a", "b")))));
        assertThatThrownBy(() -> strict.check("f.yml", Map.of("pipelines", List.of(Map.of("inputs",
                List.of(Map.of("topci", "t")))))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("pipelines[0].inputs[0].topci (in f.yml) is not a configuration key; the closest one is "
                        + "pipelines[0].inputs[0].topic (docs/configuration.md lists every key).");
    }

    @Test
    void durationsAreWrittenAsTheFilesWriteThem() {
        assertThat(ConfigurationKeys.duration(java.time.Duration.ofMillis(5))).isEqualTo("5ms");
        assertThat(ConfigurationKeys.duration(java.time.Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(ConfigurationKeys.duration(java.time.Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(ConfigurationKeys.duration(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
