package io.nlpstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.nlpstream.app.config.ConfigurationKeys;
import io.nlpstream.app.service.ServiceConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Every service configuration file in docs/ and deploy/ is read the way the service reads it, with no environment
 * variables: only known keys (a typo would stop start-up), and placeholder defaults as written. The full start of
 * each, models and registry included, is tools' ShippedConfigurationsIT.
 */
class ShippedConfigurationFilesTest {
    private static final Path CONTAINER_CONFIG = RepositoryFiles.resolve("deploy/base/config/application.yml");

    /** YAML files in docs/ and deploy/ that configure the service (a top-level key in one of its sections). */
    static List<Path> serviceConfigurationFiles() {
        List<String> sections = new ArrayList<>(ConfigurationKeys.load().sections());
        List<Path> files = new ArrayList<>();
        for (Path file : RepositoryFiles.yamlFiles("docs", "deploy")) {
            List<Object> documents = RepositoryFiles.yamlDocuments(file);
            if (documents.size() == 1 && documents.get(0) instanceof Map<?, ?> top && !top.isEmpty()
                    && top.keySet().stream().anyMatch(k -> sections.stream().anyMatch(
                            s -> String.valueOf(k).equals(s) || String.valueOf(k).startsWith(s + ".")))) {
                files.add(file);
            }
        }
        return files;
    }

    /** A fragment (no pipelines of its own) is loaded over the container configuration, as the deployments list it. */
    static List<Path> asDeployed(Path file) {
        boolean complete = RepositoryFiles.yamlMap(file).containsKey("pipelines");
        return complete ? List.of(file) : List.of(CONTAINER_CONFIG, file);
    }

    @Test
    void theShippedFilesAreFound() {
        assertThat(serviceConfigurationFiles()).contains(RepositoryFiles.resolve("docs/examples/builtin-models.yml"),
                CONTAINER_CONFIG, RepositoryFiles.resolve("deploy/base/config/kafka-sasl.yml"),
                RepositoryFiles.resolve("deploy/components/mtls/kafka-mtls.yml"));
    }

    @Test
    void everyShippedFileNamesOnlyKnownKeysAndReadsItsDefaultsAsWritten() {
        for (Path file : serviceConfigurationFiles()) {
            try (ApplicationContext context = ServiceConfiguration.builder(asDeployed(file), Map.of(), Map.of(),
                    new Properties()).build()) {
                Environment environment = context.getEnvironment();
                environment.start();
                assertThat(environment.getProperty("kafka.bootstrap-servers", String.class)).as("%s", file)
                        .contains("localhost:9092");
                assertThat(environment.getProperty("schema-registry.url", String.class)).as("%s", file)
                        .contains("http://localhost:8081");
            }
        }
    }
}
