package io.nlpstream.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The {@code run --config} file of one app instance, built the way a user writes it (docs/app.md's keys) and
 * written as JSON, which is valid YAML. Every instance points at the suite's cluster and registry, uses replication
 * factor 3 for its internal topics and picks a free HTTP port.
 */
public final class AppConfig {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> kafka = new LinkedHashMap<>();
    private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
    private final Map<String, Object> models = new LinkedHashMap<>();
    private final List<Map<String, Object>> pipelines = new ArrayList<>();
    private final Map<String, Object> registry = new LinkedHashMap<>();
    private Map<String, Object> responseBase;
    /** Other keys by their dotted path ({@code api.admission.max-items-per-request}), written last. */
    private final Map<String, Object> settings = new LinkedHashMap<>();

    private AppConfig() {
    }

    /** An instance of application {@code applicationId} keeping its state in {@code stateDir}. */
    public static AppConfig of(Infrastructure infra, String applicationId, Path stateDir) {
        AppConfig config = new AppConfig();
        config.kafka.put("bootstrap-servers", infra.bootstrapServers());
        config.kafka.put("application-id", applicationId);
        config.kafka.put("replication-factor", 3);
        config.kafka.put("state-dir", stateDir.toString());
        config.registry.put("url", infra.registry().url());
        return config;
    }

    /** {@code schema-registry.url}: the suite's registry unless a scenario puts something in front of it. */
    public AppConfig registryUrl(String url) {
        registry.put("url", url);
        return this;
    }

    /** A copy for another instance of the same application (same pipelines), with its own state directory. */
    public AppConfig withStateDir(Path stateDir) {
        AppConfig copy = new AppConfig();
        copy.kafka.putAll(kafka);
        copy.kafka.put("state-dir", stateDir.toString());
        copy.kafkaProperties.putAll(kafkaProperties);
        copy.models.putAll(models);
        copy.pipelines.addAll(pipelines);
        copy.registry.putAll(registry);
        copy.responseBase = responseBase;
        copy.settings.putAll(settings);
        return copy;
    }

    /** {@code models.definitions.<name>}: a built-in model name or directory, plus the task's options. */
    public AppConfig model(String name, String path, Map<String, Object> options) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("path", path);
        definition.putAll(options);
        models.put(name, definition);
        return this;
    }

    public AppConfig model(String name, String path) {
        return model(name, path, Map.of());
    }

    public AppConfig pipeline(Pipeline pipeline) {
        pipelines.add(pipeline.toMap());
        return this;
    }

    /** {@code kafka.properties.<name>}: passed to Kafka Streams and its clients verbatim. */
    public AppConfig kafkaProperty(String name, Object value) {
        kafkaProperties.put(name, value);
        return this;
    }

    public AppConfig kafka(String key, Object value) {
        kafka.put(key, value);
        return this;
    }

    /** Any other key by its dotted path, e.g. {@code setting("api.admission.max-concurrent-requests", 2)}. */
    public AppConfig setting(String dottedKey, Object value) {
        settings.put(dottedKey, value);
        return this;
    }

    public AppConfig responseBase(String topic, String embeddingsTopic, String model, int topK) {
        responseBase = new LinkedHashMap<>();
        responseBase.put("topic", topic);
        responseBase.put("embeddings-topic", embeddingsTopic);
        responseBase.put("model", model);
        responseBase.put("top-k", topK);
        return this;
    }

    public void writeTo(Path file) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> kafkaSection = new LinkedHashMap<>(kafka);
        if (!kafkaProperties.isEmpty()) {
            kafkaSection.put("properties", kafkaProperties);
        }
        root.put("kafka", kafkaSection);
        root.put("schema-registry", registry);
        root.put("micronaut", Map.of("server", Map.of("port", -1)));
        // The instances listen on loopback with the API open (as the demo does), and the scenarios read /health's
        // details as an operator would; a deployment shows them to authenticated callers only.
        root.put("endpoints", Map.of("health", Map.of("details-visible", "ANONYMOUS")));
        root.put("models", Map.of("definitions", models));
        if (responseBase != null) {
            root.put("response-base", responseBase);
        }
        root.put("pipelines", pipelines);
        settings.forEach((key, value) -> putPath(root, key, value));
        try {
            JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void putPath(Map<String, Object> root, String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            } else {
                child = new LinkedHashMap<>((Map<String, Object>) child);
                node.put(parts[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    /** One {@code pipelines[i]} entry. */
    public record Pipeline(String name, List<Input> inputs, String output, String outputFormat, String deadLetter,
                           List<String> models, Map<String, Object> more) {

        public static Pipeline of(String name, Input input, String output, String deadLetter, String... models) {
            return new Pipeline(name, List.of(input), output, "AVRO", deadLetter, List.of(models), Map.of());
        }

        public Pipeline withInputs(Input... all) {
            return new Pipeline(name, List.of(all), output, outputFormat, deadLetter, models, more);
        }

        public Pipeline withOutputFormat(String format) {
            return new Pipeline(name, inputs, output, format, deadLetter, models, more);
        }

        /** Further keys of the entry ({@code text-limit}, {@code batch}). */
        public Pipeline with(String key, Object value) {
            Map<String, Object> all = new LinkedHashMap<>(more);
            all.put(key, value);
            return new Pipeline(name, inputs, output, outputFormat, deadLetter, models, all);
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name);
            map.put("inputs", inputs.stream().map(i -> Map.of("topic", i.topic(), "format", i.format())).toList());
            map.put("output", output);
            map.put("output-format", outputFormat);
            map.put("dead-letter", deadLetter);
            map.put("models", models);
            map.putAll(more);
            return map;
        }
    }

    public record Input(String topic, String format) {
        public static Input json(String topic) {
            return new Input(topic, "JSON");
        }

        public static Input avro(String topic) {
            return new Input(topic, "AVRO");
        }
    }
}
