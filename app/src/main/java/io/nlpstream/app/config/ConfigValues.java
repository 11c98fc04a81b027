package io.nlpstream.app.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reads configuration values that need more than Micronaut's conversion, failing with one sentence naming the key. */
public final class ConfigValues {
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_TOPIC_LENGTH = 249;

    private ConfigValues() {
    }

    /** An enum constant as {@link EnumNames} reads it. */
    public static <E extends Enum<E>> E enumValue(String key, String value, Class<E> type) {
        return EnumNames.find(type, value).orElseThrow(() -> new InvalidConfigurationException(
                key + " is '" + value + "' but must be one of " + EnumNames.allowed(type) + "."));
    }

    /** A topic name Kafka accepts. */
    public static String topic(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException(key + " must name a topic.");
        }
        if (value.length() > MAX_TOPIC_LENGTH || !LEGAL_TOPIC.matcher(value).matches() || value.equals(".")
                || value.equals("..")) {
            throw new InvalidConfigurationException(key + " is '" + value + "', which is not a legal Kafka topic "
                    + "name (letters, digits, '.', '_' and '-', at most 249 characters).");
        }
        return value;
    }

    /**
     * {@code true} or {@code false}, case-insensitive. Strict on purpose: Micronaut's own conversion reads any other
     * word (a typo such as {@code ture}) as {@code false} without a word.
     */
    public static boolean bool(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigurationException(key + " is '" + value + "' but must be true or false.");
        };
    }

    public static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException(key + " must be set.");
        }
        return value.trim();
    }

    public static int atLeast(String key, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidConfigurationException(key + " is " + value + " but must be at least " + minimum + ".");
        }
        return value;
    }

    public static double between(String key, double value, double minimum, double maximum) {
        if (!(value >= minimum && value <= maximum)) {
            throw new InvalidConfigurationException(key + " is " + value + " but must be between " + minimum
                    + " and " + maximum + ".");
        }
        return value;
    }
}
