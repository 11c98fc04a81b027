package io.nlpstream.schemas.subject;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Resolves {@code key.subject.name.strategy} / {@code value.subject.name.strategy}: Confluent's class names
 * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy} ...), the short names
 * ({@code TopicNameStrategy} ...), or the name of any class implementing {@link SubjectNameStrategy} with a
 * public no-arg constructor.
 */
public final class SubjectNameStrategies {
    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";
    private static final Map<String, Class<? extends SubjectNameStrategy>> BUILT_IN = Map.of(
            "TopicNameStrategy", TopicNameStrategy.class,
            "RecordNameStrategy", RecordNameStrategy.class,
            "TopicRecordNameStrategy", TopicRecordNameStrategy.class);

    private SubjectNameStrategies() {
    }

    /** The strategy named by {@code value} (a class name, short name, {@link Class} or instance); null means topic names. */
    public static SubjectNameStrategy resolve(String key, Object value) {
        if (value == null || value.toString().isBlank()) {
            return new TopicNameStrategy();
        }
        if (value instanceof SubjectNameStrategy strategy) {
            return strategy;
        }
        if (value instanceof Class<?> type) {
            return instantiate(key, type);
        }
        String name = value.toString().trim();
        String shortName = name.startsWith(CONFLUENT_PACKAGE) ? name.substring(CONFLUENT_PACKAGE.length()) : name;
        Class<? extends SubjectNameStrategy> builtIn = BUILT_IN.get(shortName);
        if (builtIn != null) {
            return instantiate(key, builtIn);
        }
        try {
            return instantiate(key, Class.forName(name, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : SubjectNameStrategies.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, name, "unknown subject name strategy; use TopicNameStrategy, "
                    + "RecordNameStrategy, TopicRecordNameStrategy or a SubjectNameStrategy class");
        }
    }

    private static SubjectNameStrategy instantiate(String key, Class<?> type) {
        if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
            throw new ConfigException(key, type.getName(), "does not implement " + SubjectNameStrategy.class.getName());
        }
        try {
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, type.getName(), "needs a public no-arg constructor");
        }
    }
}
