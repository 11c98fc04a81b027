package io.nlpstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is what the configuration classes say today. Run with
 * {@code -Dconfiguration.reference.write=true} ({@link ConfigurationReference#REGENERATE}) to rewrite it.
 */
class ConfigurationReferenceTest {

    @Test
    void theCheckedInReferenceIsUpToDate() throws Exception {
        Path page = repositoryFile("docs/configuration.md");
        String generated = ConfigurationReference.markdown(ConfigurationKeys.load());
        if (Boolean.getBoolean("configuration.reference.write")) {
            Files.writeString(page, generated);
        }
        assertThat(Files.exists(page) ? Files.readString(page) : "")
                .as("docs/configuration.md is out of date with the configuration classes; regenerate it with: %s",
                        ConfigurationReference.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everyKeyIsListed() {
        String generated = ConfigurationReference.markdown(ConfigurationKeys.load());
        for (ConfigurationKey key : ConfigurationKeys.load().all()) {
            assertThat(generated).contains("| `" + key.name() + "` |");
        }
        assertThat(generated).contains("| `batching.max-wait` | duration | `5ms` | `BATCHING_MAX_WAIT` |");
    }

    private static Path repositoryFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root").isNotNull();
        return dir.resolve(relative);
    }

    @Test
    void theBuiltInApplicationYmlLeavesTheDefaultsToTheClasses() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream("application.yml")) {
            java.util.Map<String, Object> builtIn = new org.yaml.snakeyaml.Yaml().load(in);
            assertThat(builtIn.keySet()).as("sections of the built-in application.yml")
                    .doesNotContainAnyElementsOf(ConfigurationKeys.load().sections());
        }
    }
}
