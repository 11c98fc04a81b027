package io.nlpstream.app.service;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Micronaut's configuration binding failures as the one sentence an operator needs. Micronaut reports a value it
 * cannot convert, or a placeholder nothing resolves, as an injection failure whose multi-line message holds the
 * property path and the bean path; this reads the key and value back out of it.
 */
final class BindingErrors {
    private static final Pattern CONVERSION = Pattern.compile("Error resolving property value \\[([^\\]]+)]\\. "
            + "Unable to convert value \\[([^\\]]*)] to target type \\[([^\\]]+)]");
    private static final Pattern PLACEHOLDER = Pattern.compile("Could not resolve placeholder \\$\\{([^}]+)}");

    private BindingErrors() {
    }

    /** The sentence for the first binding failure in {@code failure}'s causal chain, if there is one. */
    static Optional<String> describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            Matcher conversion = CONVERSION.matcher(message);
            if (conversion.find()) {
                return Optional.of(conversion.group(1) + " is '" + conversion.group(2) + "', which is not "
                        + expected(conversion.group(3)) + ".");
            }
            Matcher placeholder = PLACEHOLDER.matcher(message);
            if (placeholder.find()) {
                String name = placeholder.group(1);
                return Optional.of("the placeholder ${" + name + "} has no value; set the environment variable or "
                        + "system property " + name + ", or give a default as ${" + name + ":default}.");
            }
        }
        return Optional.empty();
    }

    private static String expected(String type) {
        return switch (type) {
            case "int", "Integer", "long", "Long", "short", "Short" -> "a whole number";
            case "double", "Double", "float", "Float" -> "a number";
            case "Duration" -> "a duration (such as 500ms, 30s, 5m or PT30S)";
            default -> "a valid " + type;
        };
    }
}
