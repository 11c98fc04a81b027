package io.nlpstream.app.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders in configuration files read as written: in {@code ${NAME:default}} the default is everything after
 * the first colon, so {@code ${SCHEMA_REGISTRY_URL:http://localhost:8081}} falls back to the whole URL.
 *
 * <p>Micronaut reads every further colon as another fallback ({@code ${A:B:C}}: A, else the property B, else C), which
 * turned that URL into {@code 8081} and {@code localhost:9092} into {@code 9092}. Its escaped form
 * {@code ${NAME:`default`}} keeps the default whole, so every file the service loads is rewritten to it before
 * Micronaut sees the values.
 */
public final class Placeholders {
    /** {@code ${NAME:default}} whose default holds a colon and no backtick, brace or nested placeholder. */
    private static final Pattern COLON_DEFAULT = Pattern.compile("\\$\\{([^:}`]+):([^}`$]*:[^}`$]*)}");

    private Placeholders() {
    }

    /** The value with every placeholder's default taken literally; maps and lists are rewritten element by element. */
    public static Object literalDefaults(Object value) {
        if (value instanceof CharSequence text) {
            Matcher m = COLON_DEFAULT.matcher(text);
            return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement("${" + r.group(1) + ":`" + r.group(2) + "`}"))
                    : value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, literalDefaults(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(literalDefaults(v)));
            return copy;
        }
        return value;
    }
}
