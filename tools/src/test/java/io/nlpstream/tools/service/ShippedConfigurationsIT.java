package io.nlpstream.tools.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.micronaut.context.ApplicationContext;
import io.nlpstream.app.config.ConfigurationKeys;
import io.nlpstream.app.config.KafkaProperties;
import io.nlpstream.app.service.EnrichmentPlan;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.app.service.ServiceConfiguration;
import io.nlpstream.app.service.StreamsRunner;
import io.nlpstream.models.load.BuiltInModel;
import io.nlpstream.tools.embedded.EmbeddedSchemaRegistry;
import io.nlpstream.tools.models.BuiltInModelExport;
import io.nlpstream.topology.PipelineSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Every service configuration the repository ships (docs/ and deploy/) starts the service's context as the service
 * reads it, with no environment variable set: strict keys, binding, validation, every model loaded and warmed up,
 * every pipeline planned and the registry contacted. Only Kafka Streams is not started: that is the first connection
 * to Kafka, and no broker is needed to get there.
 *
 * <p>What a machine running this test lacks is given, and nothing else: the containers' configuration names the
 * built-ins as the directories the image build exports them to ({@value #IMAGE_MODELS}), exported here the same way
 * into a temporary directory; the API-key file the StatefulSet mounts from its Secret ({@value #IMAGE_API_KEYS}) is
 * compose's development key file; the registry is an embedded one in place of localhost:8081; the state directory a
 * temporary one; the credentials the deployment takes from Secrets are dummies. Fragments (the security and
 * membership files) are loaded over the containers' configuration, as the deployments list them.
 */
class ShippedConfigurationsIT {
    /** Where docker/Dockerfile and Dockerfile.gpu export the built-in models. */
    static final String IMAGE_MODELS = "/opt/nlp-stream/built-in-models";
    /** Where the StatefulSet mounts the API-key Secret (compose mounts docker/dev-api-keys.sha256 there). */
    static final String IMAGE_API_KEYS = "/etc/nlp-stream/api-keys/sha256";
    /** Where the schema-registry-tls fragment reads the registry's CA certificate (a mounted Secret). */
    static final String IMAGE_REGISTRY_CA = "/etc/nlp-stream/tls/schema-registry/ca.crt";
    private static final String CONTAINER_CONFIG = "deploy/base/config/application.yml";
    /** Placeholders without a default in the shipped files: credentials, set from Secrets in a deployment. */
    private static final Set<String> CREDENTIALS = Set.of("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD",
            "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO");

    @TempDir
    Path dir;

    @Test
    void everyShippedConfigurationStartsTheServiceContext() throws Exception {
        Path exported = dir.resolve("built-in-models");
        for (BuiltInModel model : BuiltInModel.values()) {
            BuiltInModelExport.export(model, exported);
        }
        Path container = repositoryFile(CONTAINER_CONFIG);
        String containerYaml = Files.readString(container);
        assertImageModelPaths(containerYaml);
        assertThat(containerYaml).contains(IMAGE_API_KEYS);
        Path apiKeys = Files.copy(repositoryFile("docker/dev-api-keys.sha256"), dir.resolve("api-keys.sha256"));
        Path containerHere = Files.writeString(dir.resolve("application.yml"),
                containerYaml.replace(IMAGE_MODELS, exported.toString()).replace(IMAGE_API_KEYS, apiKeys.toString()));
        Path registryCa = caCertificate();

        List<Path> files = serviceConfigurationFiles();
        assertThat(files).contains(container, repositoryFile("docs/examples/builtin-models.yml"));
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.create().start()) {
            for (Path file : files) {
                boolean complete = ((Map<?, ?>) new Yaml().load(Files.readString(file))).containsKey("pipelines");
                Path fileHere = withMountedFilesHere(file, registryCa);
                List<Path> asDeployed = file.equals(container) ? List.of(containerHere)
                        : complete ? List.of(fileHere) : List.of(containerHere, fileHere);
                startsTheServiceContext(file, asDeployed, registry.url());
            }
        }
    }

    private void startsTheServiceContext(Path shipped, List<Path> files, String registryUrl) throws IOException {
        Map<String, Object> given = Map.of("schema-registry.url", registryUrl, "micronaut.server.port", -1,
                "kafka.state-dir", Files.createTempDirectory(dir, "state").toString());
        CREDENTIALS.forEach(name -> System.setProperty(name, "dummy:dummy"));
        try (ApplicationContext context = ServiceConfiguration.builder(files, given, Map.of(), System.getProperties())
                .start()) {
            EnrichmentPlan plan = context.getBean(StreamsRunner.class).plan();
            assertThat(plan.settings().pipelines()).as("%s", shipped).extracting(PipelineSettings::name)
                    .containsExactly("text-events");
            assertThat(plan.settings().pipelines().get(0).steps()).hasSize(5);
            assertThat(plan.settings().responseBase().model()).isEqualTo("ranker");
            assertThat(context.getBean(ModelCatalog.class).entries()).hasSize(5);
            assertThat(context.getBean(KafkaProperties.class).getBootstrapServers()).as("%s", shipped)
                    .isEqualTo("localhost:9092");
        } finally {
            CREDENTIALS.forEach(System::clearProperty);
        }
    }

    /** A copy of a fragment that reads the registry's CA from its Secret, reading a generated CA instead. */
    private Path withMountedFilesHere(Path file, Path registryCa) throws IOException {
        String yaml = Files.readString(file);
        if (!yaml.contains(IMAGE_REGISTRY_CA)) {
            return file;
        }
        return Files.writeString(Files.createTempDirectory(dir, "fragment").resolve(file.getFileName()),
                yaml.replace(IMAGE_REGISTRY_CA, registryCa.toString()));
    }

    /** A self-signed CA certificate in PEM, made with the JDK's keytool. */
    private Path caCertificate() throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve("ca.p12");
        Path pem = dir.resolve("ca.crt");
        keytool(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=shipped-configurations-ca",
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit");
        keytool(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-storepass",
                "changeit", "-file", pem.toString());
        return pem;
    }

    private static void keytool(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("%s", output).isZero();
    }

    private static void assertImageModelPaths(String yaml) {
        Matcher paths = Pattern.compile("(?m)^\\s+path:\\s*(\\S+)\\s*$").matcher(yaml);
        int models = 0;
        while (paths.find()) {
            String path = paths.group(1);
            assertThat(path).as("a model path of %s", CONTAINER_CONFIG).startsWith(IMAGE_MODELS + "/");
            assertThat(BuiltInModel.byName(path.substring(IMAGE_MODELS.length() + 1))).as(path).isPresent();
            models++;
        }
        assertThat(models).isEqualTo(5);
    }

    /** YAML files in docs/ and deploy/ that configure the service (a top-level key in one of its sections). */
    private static List<Path> serviceConfigurationFiles() throws IOException {
        Set<String> sections = ConfigurationKeys.load().sections();
        List<Path> files = new ArrayList<>();
        for (String root : List.of("docs", "deploy")) {
            try (Stream<Path> walk = Files.walk(repositoryFile(root))) {
                for (Path file : walk.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                        .sorted().toList()) {
                    List<Object> documents = new ArrayList<>();
                    new Yaml().loadAll(Files.readString(file)).forEach(documents::add);
                    if (documents.size() == 1 && documents.get(0) instanceof Map<?, ?> top && top.keySet().stream()
                            .anyMatch(k -> sections.contains(String.valueOf(k).split("\\.")[0]))) {
                        files.add(file);
                    }
                }
            }
        }
        return files;
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
