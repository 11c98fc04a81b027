package io.nlpstream.app.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.Placeholders;

/**
 * {@code run --config FILE}: YAML files layered over the built-in {@code application.yml} and the files of
 * {@code MICRONAUT_CONFIG_FILES}, and under environment variables and system properties, each later file over the
 * earlier ones.
 *
 * <p>The files are merged here into one property source rather than given to Micronaut one by one: Micronaut merges
 * lists of separate sources index by index, so a later file's shorter {@code pipelines} list would inherit the
 * fields of the earlier file's pipelines. Merged here, a key a later file sets replaces the earlier value, and a list
 * (such as {@code pipelines} or a pipeline's {@code inputs}) is replaced as a whole; nested maps still merge key by key
 * ({@code kafka.properties}, {@code models.definitions}).
 */
public final class ConfigFiles {
    /** Just below environment variables: over application.yml and MICRONAUT_CONFIG_FILES, under the environment. */
    static final int POSITION = EnvironmentPropertySource.POSITION - 1;

    private ConfigFiles() {
    }

    /** One property source holding every file's settings, or none for no files. */
    public static List<PropertySource> load(List<Path> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        files.forEach(file -> merged.putAll(read(file, "--config")));
        return List.of(PropertySource.of(sourceName(files), merged, POSITION));
    }

    /** The name the merged files' property source has, and start-up errors quote. */
    static String sourceName(List<Path> files) {
        return "--config " + files.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /**
     * One file's settings, flattened (nested maps become dotted keys, lists stay one value under their key), with
     * placeholder defaults taken literally ({@link Placeholders}).
     *
     * @param origin how the file was named, for the message ({@code --config}, {@code MICRONAUT_CONFIG_FILES})
     */
    static Map<String, Object> read(Path file, String origin) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidConfigurationException(origin + " " + file + " is not a readable file.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(origin + " " + file + " is not valid YAML (" + e.getMessage()
                    + ").", e);
        }
    }

    static Map<String, Object> read(String name, InputStream in) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        new YamlPropertySourceLoader().read(name, in)
                .forEach((key, value) -> values.put(key, Placeholders.literalDefaults(value)));
        return values;
    }
}
