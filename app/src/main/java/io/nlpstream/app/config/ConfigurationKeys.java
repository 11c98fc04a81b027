package io.nlpstream.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.naming.NameUtils;

/**
 * Every key of the service's configuration, read from the configuration classes themselves: Micronaut's annotation
 * processor lists each {@code @ConfigurationProperties} / {@code @EachProperty} class's keys (with their Javadoc) in
 * {@value #METADATA}, and the types and defaults are the classes' own (a new instance's getters). A key added to a
 * configuration class, or a new configuration class in the app module, is therefore known here, checked at start-up
 * ({@link StrictConfiguration}) and listed in docs/configuration.md without anything else to edit.
 */
public final class ConfigurationKeys {
    /** The app module's copy of Micronaut's metadata file (the build copies it; shading keeps one file per name). */
    static final String METADATA = "spring-configuration-metadata.json";
    private static final String OWN_PACKAGE = "io.nlpstream.";
    private static final Pattern TOKEN = Pattern.compile("\\[[^\\]]*]|[^.\\[]+");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private final List<ConfigurationKey> keys;

    private ConfigurationKeys(List<ConfigurationKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The service's keys, in the order the configuration classes declare them, sections sorted. */
    public static ConfigurationKeys load() {
        try (InputStream in = ConfigurationKeys.class.getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException(METADATA + " is missing next to " + ConfigurationKeys.class.getName()
                        + "; the app module's build copies it there from META-INF.");
            }
            return fromMetadata(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigurationKeys fromMetadata(JsonNode metadata) {
        List<ConfigurationKey> keys = new ArrayList<>();
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asText();
            Class<?> source = classOf(property.path("sourceType").asText());
            String description = javadocText(property.path("description").asText(""));
            String propertyName = NameUtils.camelCase(name.substring(name.lastIndexOf('.') + 1));
            Method getter = getter(source, propertyName);
            Class<?> element = listElement(getter);
            if (element != null && element.getName().startsWith(OWN_PACKAGE)) {
                // A list of structured entries (pipelines[*].inputs): each entry's own keys.
                for (String field : beanProperties(element)) {
                    Method entryGetter = getter(element, field);
                    // A map field (decisions.thresholds[*].labels) takes keys the user chooses: an open map.
                    String open = java.util.Map.class.isAssignableFrom(entryGetter.getReturnType()) ? ".*" : "";
                    keys.add(new ConfigurationKey(name + "[*]." + NameUtils.hyphenate(field) + open,
                            typeOf(entryGetter), defaultOf(element, entryGetter), ""));
                }
            } else {
                keys.add(new ConfigurationKey(name, typeOf(getter), defaultOf(source, getter), description));
            }
        }
        keys.add(new ConfigurationKey(KafkaPassThrough.PREFIX + ".*", "map of Kafka properties", "",
                "Kafka Streams, consumer, producer and admin properties passed to Kafka verbatim under Kafka's own "
                        + "dotted names (security.protocol, consumer.max.poll.records)."));
        List<String> sections = keys.stream().map(ConfigurationKey::section).distinct().sorted().toList();
        keys.sort(Comparator.comparingInt(k -> sections.indexOf(k.section())));
        return new ConfigurationKeys(keys);
    }

    public List<ConfigurationKey> all() {
        return keys;
    }

    /** The top-level sections the service owns; keys in them must be known, anything else is Micronaut's. */
    public Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        keys.forEach(k -> sections.add(k.section()));
        return sections;
    }

    /** Whether {@code key} (a concrete key: {@code pipelines[0].batch.size}) lies in one of the service's sections. */
    public boolean isInOwnSection(String key) {
        return sections().contains(new ConfigurationKey(key, "", "", "").section());
    }

    /** The declared key a concrete key sets, if any. */
    public Optional<ConfigurationKey> find(String key) {
        String normalized = normalize(key);
        return keys.stream().filter(k -> matches(k, normalized)).findFirst();
    }

    /** The declared key closest to a concrete key that matches none, written with the concrete key's names. */
    public String closest(String key) {
        String normalized = normalize(key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigurationKey candidate : keys) {
            String concrete = instantiate(candidate.name(), normalized);
            int distance = Closest.distance(normalized, concrete);
            if (distance < bestDistance) {
                best = concrete;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Every key name as written in a document: the declared names, with {@code *} and {@code [*]} as they are. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        keys.forEach(k -> names.add(k.name()));
        return names;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** camelCase segments hyphenated, as Micronaut binds them. */
    private static String normalize(String key) {
        StringBuilder out = new StringBuilder();
        Matcher m = TOKEN.matcher(key);
        while (m.find()) {
            String token = m.group();
            if (token.startsWith("[")) {
                out.append(token);
            } else {
                out.append(out.isEmpty() ? "" : ".").append(NameUtils.hyphenate(token, true));
            }
        }
        return out.toString();
    }

    private static boolean matches(ConfigurationKey declared, String key) {
        List<String> pattern = tokens(declared.name());
        List<String> actual = tokens(key);
        boolean open = declared.isOpenMap();
        if (open ? actual.size() < pattern.size() : actual.size() != pattern.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String a = actual.get(i);
            boolean ok = switch (p) {
                case "*" -> !a.startsWith("[");
                case "[*]" -> INDEX.matcher(a).matches();
                default -> p.equals(a);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The declared name with its wildcards replaced by the concrete key's tokens at the same positions. */
    private static String instantiate(String declared, String key) {
        List<String> pattern = tokens(declared);
        List<String> actual = tokens(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            boolean wildcard = p.equals("*") || p.equals("[*]");
            boolean sameKind = i < actual.size() && actual.get(i).startsWith("[") == p.startsWith("[");
            out.add(wildcard && sameKind ? actual.get(i) : p);
        }
        return join(out);
    }

    private static List<String> tokens(String key) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(key);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static String join(List<String> tokens) {
        StringBuilder out = new StringBuilder();
        for (String t : tokens) {
            out.append(out.isEmpty() || t.startsWith("[") ? "" : ".").append(t);
        }
        return out.toString();
    }

    private static Class<?> classOf(String name) {
        try {
            return Class.forName(name, false, ConfigurationKeys.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("configuration class " + name + " is not on the classpath", e);
        }
    }

    private static Method getter(Class<?> type, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                return type.getMethod(prefix + suffix);
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        throw new IllegalStateException(type.getName() + " has no getter for configuration property " + property);
    }

    private static Class<?> listElement(Method getter) {
        if (!Collection.class.isAssignableFrom(getter.getReturnType())) {
            return null;
        }
        Type generic = getter.getGenericReturnType();
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /** The properties of a plain bean, in field declaration order: fields with a getter and a setter. */
    private static List<String> beanProperties(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            String suffix = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
            boolean settable = java.util.Arrays.stream(type.getMethods())
                    .anyMatch(m -> m.getName().equals("set" + suffix) && m.getParameterCount() == 1);
            if (settable) {
                names.add(field.getName());
            }
        }
        return names;
    }

    private static String typeOf(Method getter) {
        Class<?> type = getter.getReturnType();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == Duration.class) {
            return "duration";
        }
        if (Collection.class.isAssignableFrom(type)) {
            Class<?> element = listElement(getter);
            return "list of " + (element == null ? "values" : typeWord(element) + "s");
        }
        return typeWord(type);
    }

    private static String typeWord(Class<?> type) {
        return type == String.class ? "string" : type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** The getter's value on a fresh instance, as a configuration file would write it; empty for none. */
    private static String defaultOf(Class<?> type, Method getter) {
        Object value;
        try {
            value = getter.invoke(newInstance(type));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the default of " + type.getName() + "." + getter.getName(), e);
        }
        if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
            return "";
        }
        if (value instanceof Duration d) {
            return duration(d);
        }
        return String.valueOf(value);
    }

    private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 0) {
                return constructor.newInstance();
            }
            if (parameters.length == 1 && parameters[0] == String.class) {
                return constructor.newInstance("name"); // @EachProperty's entry name: defaults never depend on it
            }
            if (parameters.length == 1 && (parameters[0] == Integer.class || parameters[0] == int.class)) {
                return constructor.newInstance(0); // @EachProperty(list = true)'s index
            }
        }
        throw new IllegalStateException(type.getName() + " has no constructor the configuration reference can use");
    }

    /** A duration the way the configuration files write it (500ms, 30s, 5m). */
    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis % 60_000 == 0 && millis >= 60_000) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0 && millis > 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /** Javadoc as plain text: {@code x} and {@link A#b} read as x and b, on one line. */
    private static String javadocText(String javadoc) {
        return javadoc.replaceAll("\\s+", " ").replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
                .replaceAll("\\{@link(?:plain)? (?:[\\w.]*#)?([^} ]*)[^}]*}", "$1").trim();
    }
}
