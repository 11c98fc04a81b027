package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.nlpstream.schemas.registry.server.EmbeddedSchemaRegistry;
import io.nlpstream.topology.PipelineSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configurations the repository ships (the containers' one and the documented example) really start the
 * service's context: every model loads, every pipeline validates, the registry is contacted. Only Kafka Streams is
 * not started, so no broker is needed.
 */
class ShippedConfigurationsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deploy/base/config/application.yml", "docs/examples/builtin-models.yml"})
    void startsTheServiceContext(String file) throws Exception {
        Path config = repositoryFile(file);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.create().start();
             ApplicationContext context = ApplicationContext.builder()
                     .propertySources(ConfigFiles.load(List.of(config)).toArray(PropertySource[]::new))
                     .properties(Map.of("schema-registry.url", registry.url(), "micronaut.server.port", -1,
                             "kafka.state-dir", Files.createTempDirectory("shipped-config").toString()))
                     .start()) {
            EnrichmentPlan plan = context.getBean(StreamsRunner.class).plan();
            assertThat(plan.settings().pipelines()).extracting(PipelineSettings::name).containsExactly("text-events");
            assertThat(plan.settings().pipelines().get(0).steps()).hasSize(5);
            assertThat(plan.settings().responseBase().model()).isEqualTo("ranker");
            assertThat(context.getBean(ModelCatalog.class).entries()).hasSize(5);
        }
    }

    static Path repositoryFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(relative))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root holding %s", relative).isNotNull();
        return dir.resolve(relative);
    }

    @Test
    void theBuiltInDefaultsDefineNoModelsOrPipelines() throws Exception {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            context.getEnvironment().start();
            assertThat(context.getEnvironment().getPropertyEntries("models.definitions")).isEmpty();
            assertThat(context.getEnvironment().containsProperty("pipelines")).isFalse();
        }
    }
}
