package io.nlpstream.app.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.AbstractPropertySourceLoader;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.KubernetesEnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.SystemPropertiesPropertySource;
import io.nlpstream.app.config.ConfigurationKeys;
import io.nlpstream.app.config.StrictConfiguration;

/**
 * The service's configuration sources, in rising precedence: the built-in {@code application.yml}, the files of
 * {@code MICRONAUT_CONFIG_FILES} then of {@code --config} (merged by {@link ConfigFiles}), environment variables,
 * system properties, then the properties given in code.
 *
 * <p>Every source is assembled here instead of by Micronaut, so that every file is read the same way: placeholder
 * defaults as written, lists replaced as a whole by a later file, and unknown keys refused by
 * {@link StrictConfiguration} before anything starts.
 */
public final class ServiceConfiguration {
    /** Micronaut's variable listing extra configuration files (comma-separated), used by the images. */
    static final String CONFIG_FILES_VARIABLE = "MICRONAUT_CONFIG_FILES";
    private static final String CONFIG_FILES_PROPERTY = "micronaut.config.files";
    private static final String BUILT_IN = "application.yml";

    private ServiceConfiguration() {
    }

    /**
     * A context builder holding every source, after checking that each names only known keys.
     *
     * @param environment the process environment ({@code System.getenv()}; tests pass their own)
     */
    public static ApplicationContextBuilder builder(List<Path> configFiles, Map<String, Object> properties,
                                                    Map<String, String> environment, Properties systemProperties) {
        StrictConfiguration strict = new StrictConfiguration(ConfigurationKeys.load());
        Map<String, Object> builtIn = builtIn();
        strict.check("the built-in " + BUILT_IN, builtIn);

        List<Path> files = new ArrayList<>();
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path file : listed(environment.get(CONFIG_FILES_VARIABLE),
                systemProperties.getProperty(CONFIG_FILES_PROPERTY))) {
            Map<String, Object> values = ConfigFiles.read(file, CONFIG_FILES_VARIABLE);
            strict.check(file.toString(), values);
            merged.putAll(values);
            files.add(file);
        }
        for (Path file : configFiles) {
            Map<String, Object> values = ConfigFiles.read(file, "--config");
            strict.check("--config " + file, values);
            merged.putAll(values);
            files.add(file);
        }
        Map<String, Object> system = new LinkedHashMap<>();
        systemProperties.stringPropertyNames().forEach(name -> system.put(name, systemProperties.getProperty(name)));
        strict.check("a -D system property", system);
        strict.check("the properties given to the service", properties);

        List<PropertySource> sources = new ArrayList<>();
        sources.add(PropertySource.of(BUILT_IN, builtIn, AbstractPropertySourceLoader.DEFAULT_POSITION));
        if (!files.isEmpty()) {
            sources.add(PropertySource.of(ConfigFiles.sourceName(files), merged, ConfigFiles.POSITION));
        }
        // Kubernetes sets variables for every service in the namespace; Micronaut's Kubernetes source leaves those out.
        sources.add(environment.containsKey("KUBERNETES_SERVICE_HOST") ? new KubernetesEnvironmentPropertySource()
                : new EnvironmentPropertySource());
        sources.add(new SystemPropertiesPropertySource());
        return ApplicationContext.builder(NlpStreamService.class)
                .banner(false)
                .enableDefaultPropertySources(false)
                .propertySources(sources.toArray(PropertySource[]::new))
                .properties(properties);
    }

    private static List<Path> listed(String... lists) {
        List<Path> files = new ArrayList<>();
        for (String list : lists) {
            if (list != null) {
                for (String file : list.split(",")) {
                    if (!file.isBlank()) {
                        files.add(Path.of(file.trim()));
                    }
                }
            }
        }
        return files;
    }

    private static Map<String, Object> builtIn() {
        try (InputStream in = NlpStreamService.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                return Map.of();
            }
            return ConfigFiles.read(BUILT_IN, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
