package io.nlpstream.app.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How users write enum constants, in configuration files and on the command line alike: case-insensitive, with
 * {@code -} for {@code _} ({@code exactly-once-v2}, {@code cuda}, {@code DEAD_LETTER}). The one parser both
 * {@link ConfigValues#enumValue} and the commands' option converters use.
 */
public final class EnumNames {
    private EnumNames() {
    }

    /** The constant {@code value} names, if any. */
    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(wanted)).findFirst();
    }

    /** The constants as users write them (lower case with dashes), comma-separated. */
    public static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }
}
