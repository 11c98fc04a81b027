package io.nlpstream.app.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.naming.conventions.StringConvention;
import io.micronaut.core.value.PropertyResolver;

/**
 * {@code kafka.properties.*}: Kafka Streams and client properties passed through verbatim, keyed by Kafka's own
 * dotted names ({@code security.protocol}, {@code consumer.max.poll.records}).
 *
 * <p>Read from the resolver rather than bound by Micronaut, for two reasons. Kafka's names must arrive raw (neither
 * nested nor re-cased). And an environment variable such as {@code KAFKA_PROPERTIES_GROUP_INSTANCE_ID} reaches
 * Micronaut as every dot/dash reading of its name ({@code group.instance.id}, {@code group.instance-id},
 * {@code group-instance-id}, ...), which makes Micronaut's map binding fail with a NullPointerException; Kafka names
 * never contain a dash, so a dashed key whose all-dots reading is also present is one of those readings and is
 * dropped.
 */
public final class KafkaPassThrough {
    public static final String PREFIX = "kafka.properties";

    private KafkaPassThrough() {
    }

    /** The pass-through properties, values as strings (Kafka parses them), sorted by name. */
    public static Map<String, String> read(PropertyResolver resolver) {
        // RAW keeps names exactly as files wrote them but leaves out environment variables; the default lookup has
        // both, with names in Micronaut's hyphenated form (the same for Kafka's lower-case dotted names).
        Map<String, Object> raw = resolver.getProperties(PREFIX, StringConvention.RAW);
        Map<String, Object> all = new LinkedHashMap<>(resolver.getProperties(PREFIX));
        raw.keySet().forEach(key -> all.remove(NameUtils.hyphenate(key, true)));
        all.putAll(raw);
        Map<String, String> properties = new TreeMap<>();
        all.forEach((key, value) -> {
            boolean variant = key.indexOf('-') >= 0 && all.containsKey(key.replace('-', '.'));
            if (!variant && value != null) {
                properties.put(key, value.toString());
            }
        });
        return properties;
    }
}
