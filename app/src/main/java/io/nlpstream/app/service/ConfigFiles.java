package io.nlpstream.app.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micronaut.context.env.AbstractPropertySourceLoader;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.nlpstream.app.config.InvalidConfigurationException;

/**
 * {@code run --config FILE}: YAML files layered over the built-in {@code application.yml} and the files of
 * {@code MICRONAUT_CONFIG_FILES}, and under environment variables and system properties, each later file over the
 * earlier ones.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static List<PropertySource> load(List<Path> files) {
        int span = EnvironmentPropertySource.POSITION - AbstractPropertySourceLoader.DEFAULT_POSITION;
        if (files.size() >= span) {
            throw new InvalidConfigurationException("at most " + (span - 1) + " --config files are supported.");
        }
        List<PropertySource> sources = new ArrayList<>();
        YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new InvalidConfigurationException("--config " + file + " is not a readable file.");
            }
            Map<String, Object> values;
            try (InputStream in = Files.newInputStream(file)) {
                values = loader.read(file.toString(), in);
            } catch (IOException | RuntimeException e) {
                throw new InvalidConfigurationException("--config " + file + " is not valid YAML ("
                        + e.getMessage() + ").", e);
            }
            // Just below environment variables (POSITION): over application.yml and MICRONAUT_CONFIG_FILES.
            sources.add(PropertySource.of(file.toString(), values,
                    EnvironmentPropertySource.POSITION - files.size() + i));
        }
        return sources;
    }
}
