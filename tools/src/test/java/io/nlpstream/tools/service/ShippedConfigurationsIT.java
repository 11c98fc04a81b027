package io.nlpstream.tools.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.nlpstream.app.service.ConfigFiles;
import io.nlpstream.app.service.EnrichmentPlan;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.app.service.StreamsRunner;
import io.nlpstream.models.load.BuiltInModel;
import io.nlpstream.tools.embedded.EmbeddedSchemaRegistry;
import io.nlpstream.tools.models.BuiltInModelExport;
import io.nlpstream.topology.PipelineSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configurations the repository ships really start the service's context: every model loads, every pipeline
 * validates, the registry is contacted. Only Kafka Streams is not started, so no broker is needed.
 *
 * <p>The containers' configuration names the built-ins as the directories the image build exports them to
 * ({@value #IMAGE_MODELS}); here they are exported the same way into a temporary directory, which stands in for that
 * path. The documented example names them as built-ins, which the tools jar (this classpath) holds.
 */
class ShippedConfigurationsIT {
    /** Where docker/Dockerfile and Dockerfile.gpu export the built-in models. */
    static final String IMAGE_MODELS = "/opt/nlp-stream/built-in-models";

    @TempDir
    Path dir;

    @Test
    void theContainersConfigurationStartsOnTheBuiltInModelsTheImageExports() throws Exception {
        Path shipped = repositoryFile("deploy/base/config/application.yml");
        String yaml = Files.readString(shipped);
        Matcher paths = Pattern.compile("(?m)^\\s+path:\\s*(\\S+)\\s*$").matcher(yaml);
        int models = 0;
        while (paths.find()) {
            String path = paths.group(1);
            assertThat(path).as("a model path of %s", shipped).startsWith(IMAGE_MODELS + "/");
            assertThat(BuiltInModel.byName(path.substring(IMAGE_MODELS.length() + 1))).as(path).isPresent();
            models++;
        }
        assertThat(models).isEqualTo(5);

        Path exported = dir.resolve("built-in-models");
        for (BuiltInModel model : BuiltInModel.values()) {
            BuiltInModelExport.export(model, exported);
        }
        Path config = Files.writeString(dir.resolve("application.yml"), yaml.replace(IMAGE_MODELS, exported.toString()));
        startsTheServiceContext(config);
    }

    @Test
    void theDocumentedExampleStartsOnTheBuiltInModelsByName() throws Exception {
        startsTheServiceContext(repositoryFile("docs/examples/builtin-models.yml"));
    }

    private void startsTheServiceContext(Path config) throws Exception {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.create().start();
             ApplicationContext context = ApplicationContext.builder()
                     .propertySources(ConfigFiles.load(List.of(config)).toArray(PropertySource[]::new))
                     .properties(Map.of("schema-registry.url", registry.url(), "micronaut.server.port", -1,
                             "kafka.state-dir", Files.createTempDirectory(dir, "state").toString()))
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
}
