package io.nlpstream.app.config;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Unknown keys in the service's own sections ({@code kafka}, {@code models}, {@code pipelines}, ...) stop start-up
 * with one sentence naming the key, where it was written and the closest key that exists: a misspelled key would
 * otherwise be ignored and its default used without a word. Sections the service does not own ({@code micronaut},
 * {@code endpoints}, ...) are Micronaut's and left to it.
 *
 * <p>Files, system properties and properties given in code are checked. Environment variables are not: they share one
 * namespace with everything else on the machine (a Kubernetes service named {@code kafka} sets {@code KAFKA_PORT}).
 */
public final class StrictConfiguration {
    private final ConfigurationKeys keys;

    public StrictConfiguration(ConfigurationKeys keys) {
        this.keys = keys;
    }

    /**
     * @param source     where the properties were written, for the message ({@code --config app.yml})
     * @param properties as Micronaut's YAML loader reads them: dotted keys, lists of maps kept as lists
     * @throws InvalidConfigurationException naming the first unknown key
     */
    public void check(String source, Map<String, ?> properties) {
        flatten("", properties, (key, value) -> {
            if (keys.isInOwnSection(key) && keys.find(key).isEmpty()) {
                throw new InvalidConfigurationException(key + " (in " + source + ") is not a configuration key; "
                        + "the closest one is " + keys.closest(key) + " (docs/configuration.md lists every key).");
            }
        });
    }

    private static void flatten(String prefix, Object value, BiConsumer<String, Object> leaf) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, leaf));
        } else if (value instanceof List<?> list && list.stream().anyMatch(Map.class::isInstance)) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), leaf);
            }
        } else {
            leaf.accept(prefix, value);
        }
    }
}
