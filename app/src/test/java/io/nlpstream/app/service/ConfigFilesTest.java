package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.nlpstream.app.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
    @TempDir
    Path dir;

    @Test
    void laterFilesWinOverEarlierOnesAndOverTheBuiltInDefaults() throws Exception {
        Path first = Files.writeString(dir.resolve("a.yml"), "kafka:\n  application-id: from-a\n  num-stream-threads: 3\n");
        Path second = Files.writeString(dir.resolve("b.yml"), "kafka.application-id: from-b\n");

        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(first, second)).toArray(PropertySource[]::new)).build()) {
            context.getEnvironment().start();
            var env = context.getEnvironment();
            assertThat(env.getProperty("kafka.application-id", String.class)).contains("from-b");
            assertThat(env.getProperty("kafka.num-stream-threads", Integer.class)).contains(3);
        }
    }

    @Test
    void aLaterFilesListReplacesTheEarlierListAsAWhole() throws Exception {
        Path base = Files.writeString(dir.resolve("base.yml"), String.join("\n",
                "pipelines:",
                "  - name: first",
                "    inputs: [{topic: a}, {topic: b}]",
                "    models: [sentiment, ner]",
                "    batch: {size: 8}",
                "  - name: second",
                "    inputs: [{topic: c}]",
                "models.definitions.sentiment.path: demo-sentiment",
                ""));
        Path override = Files.writeString(dir.resolve("override.yml"), String.join("\n",
                "pipelines:",
                "  - name: only",
                "    inputs: [{topic: z}]",
                "models.definitions.sentiment.top-k: 2",
                ""));

        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(base, override)).toArray(PropertySource[]::new)).build()) {
            context.getEnvironment().start();
            var env = context.getEnvironment();
            assertThat(env.getProperty("pipelines[0].name", String.class)).contains("only");
            assertThat(env.getProperty("pipelines[0].inputs[0].topic", String.class)).contains("z");
            // Nothing of the earlier list survives: no second pipeline, no second input, no models or batch.
            assertThat(env.getProperty("pipelines[1].name", String.class)).isEmpty();
            assertThat(env.getProperty("pipelines[0].inputs[1].topic", String.class)).isEmpty();
            assertThat(env.getProperty("pipelines[0].models", List.class)).isEmpty();
            assertThat(env.getProperty("pipelines[0].batch.size", Integer.class)).isEmpty();
            // Maps still merge key by key.
            assertThat(env.getProperty("models.definitions.sentiment.path", String.class)).contains("demo-sentiment");
            assertThat(env.getProperty("models.definitions.sentiment.top-k", Integer.class)).contains(2);
        }
    }

    @Test
    void systemPropertiesWinOverFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("a.yml"), "kafka.commit-interval: 5s\n");
        System.setProperty("kafka.commit-interval", "7s");
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(file)).toArray(PropertySource[]::new)).build()) {
            context.getEnvironment().start();
            assertThat(context.getEnvironment().getProperty("kafka.commit-interval", String.class)).contains("7s");
        } finally {
            System.clearProperty("kafka.commit-interval");
        }
    }

    /** The containers name their configuration with MICRONAUT_CONFIG_FILES (here its system-property form). */
    @Test
    void micronautConfigFilesAreReadUnderTheCommandLineOnes() throws Exception {
        Path deployed = Files.writeString(dir.resolve("deployed.yml"), "kafka.application-id: deployed\n"
                + "kafka.num-stream-threads: 4\n");
        Path cli = Files.writeString(dir.resolve("cli.yml"), "kafka.application-id: from-cli\n");
        System.setProperty("micronaut.config.files", deployed.toString());
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(cli)).toArray(PropertySource[]::new)).build()) {
            context.getEnvironment().start();
            assertThat(context.getEnvironment().getProperty("kafka.num-stream-threads", Integer.class)).contains(4);
            assertThat(context.getEnvironment().getProperty("kafka.application-id", String.class))
                    .contains("from-cli");
        } finally {
            System.clearProperty("micronaut.config.files");
        }
    }

    @Test
    void invalidYamlIsOneSentence() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "kafka: [unclosed\n");

        assertThatThrownBy(() -> ConfigFiles.load(List.of(file)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("--config " + file + " is not valid YAML (");
    }

    @Test
    void theBuiltInDefaultsDefineNoModelsOrPipelines() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            context.getEnvironment().start();
            assertThat(context.getEnvironment().getPropertyEntries("models.definitions")).isEmpty();
            assertThat(context.getEnvironment().containsProperty("pipelines")).isFalse();
        }
    }
}
