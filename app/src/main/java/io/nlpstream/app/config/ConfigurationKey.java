package io.nlpstream.app.config;

import java.util.Locale;

/**
 * One key of the service's configuration, as the configuration classes declare it.
 *
 * @param name         the key; {@code *} stands for a name of the user's ({@code models.definitions.*.path}),
 *                     {@code [*]} for a list index ({@code pipelines[*].name}); a key ending in {@code .*} holds a
 *                     map of free names ({@code kafka.properties.*})
 * @param type         what the value must be, in words (integer, duration, string, ...)
 * @param defaultValue the default, as a configuration file would write it; empty when there is none
 * @param description  what the key does, from the configuration class's Javadoc
 */
public record ConfigurationKey(String name, String type, String defaultValue, String description) {

    /** Whether the key holds a map whose entries are named freely (Kafka's pass-through properties). */
    public boolean isOpenMap() {
        return name.endsWith(".*");
    }

    /**
     * The environment variable that sets this key: the key upper-cased with every {@code .} and {@code -} read as
     * {@code _}, as Micronaut reads environment variables; {@code <NAME>} where the user picks a name. Keys inside a
     * list ({@code pipelines[*]}) have none: lists are set in files.
     */
    public String environmentVariable() {
        if (name.contains("[*]")) {
            return "";
        }
        String upper = name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return isOpenMap() ? upper.substring(0, upper.length() - 1) + "<NAME>"
                : upper.replace("_*_", "_<NAME>_");
    }

    /** The top-level section the key belongs to ({@code kafka}, {@code pipelines}, ...). */
    public String section() {
        int end = 0;
        while (end < name.length() && name.charAt(end) != '.' && name.charAt(end) != '[') {
            end++;
        }
        return name.substring(0, end);
    }
}
