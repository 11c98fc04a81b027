package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.subject.SubjectNameStrategies;
import io.nlpstream.schemas.subject.SubjectNameStrategy;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde behaviour keys, named and defaulted as in Confluent's {@code KafkaAvroSerializer}/{@code
 * KafkaAvroDeserializer}. Registry connection keys are read by
 * {@link io.nlpstream.schemas.registry.RegistryClientSettings}.
 *
 * @param autoRegister        {@code auto.register.schemas} (default true): register the record's schema, else only look it up
 * @param useLatestVersion    {@code use.latest.version} (default false): frame with the subject's latest id; the
 *                            record's schema must equal it in Avro parsing canonical form
 * @param subjectNameStrategy {@code key.subject.name.strategy} or {@code value.subject.name.strategy}
 * @param specificReader      {@code specific.avro.reader} (default false): decode into generated classes
 * @param specificType        {@code specific.avro.key.type} / {@code specific.avro.value.type}: the generated
 *                            class to decode into (implies a specific reader)
 */
public record AvroSerdeSettings(
        boolean autoRegister,
        boolean useLatestVersion,
        SubjectNameStrategy subjectNameStrategy,
        boolean specificReader,
        Optional<Class<?>> specificType) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    public static AvroSerdeSettings fromConfig(Map<String, ?> config, boolean isKey) {
        String strategyKey = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        String typeKey = isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE;
        Optional<Class<?>> specificType = Optional.ofNullable(config.get(typeKey)).map(value -> loadClass(typeKey, value));
        return new AvroSerdeSettings(
                bool(config, AUTO_REGISTER_SCHEMAS, true),
                bool(config, USE_LATEST_VERSION, false),
                SubjectNameStrategies.resolve(strategyKey, config.get(strategyKey)),
                bool(config, SPECIFIC_AVRO_READER, false) || specificType.isPresent(),
                specificType);
    }

    private static Class<?> loadClass(String key, Object value) {
        if (value instanceof Class<?> type) {
            return type;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(value.toString().trim(), true, loader != null ? loader : AvroSerdeSettings.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, value, "class not found");
        }
    }

    private static boolean bool(Map<String, ?> config, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, value, "must be true or false");
        };
    }
}
