package io.nlpstream.app.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.nlpstream.app.config.KafkaPassThrough;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The part of the service's configuration a replay needs, read the way the service reads it (built-in
 * {@code application.yml}, {@code --config} files, environment variables, system properties) without starting
 * anything: the cluster's address, the pass-through client settings every client needs (security), and each
 * pipeline's dead-letter topic and input topics.
 */
record ReplayConfig(Map<String, Object> clientConfig, List<Pipeline> pipelines) {
    record Pipeline(String name, String deadLetterTopic, List<String> inputTopics) {
    }

    /** The dead-letter topic to read and the source topics it selects by default (empty: all). */
    record Target(String deadLetterTopic, List<String> sourceTopics) {
    }

    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }

    static ReplayConfig load(List<Path> configFiles) {
        List<PropertySource> files = io.nlpstream.app.service.ConfigFiles.load(configFiles);
        try (ApplicationContext context = ApplicationContext.builder(ReplayConfig.class).banner(false)
                .propertySources(files.toArray(PropertySource[]::new)).build()) {
            Environment environment = context.getEnvironment();
            environment.start();
            return of(environment);
        }
    }

    static ReplayConfig of(Environment environment) {
        Map<String, Object> clients = new TreeMap<>();
        // Only what every client shares (security, DNS, timeouts): Streams- or producer-only settings stay out.
        KafkaPassThrough.read(environment).forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                clients.put(key, value);
            }
        });
        environment.getProperty("kafka.bootstrap-servers", String.class)
                .ifPresent(servers -> clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
        List<Pipeline> pipelines = new ArrayList<>();
        for (int i = 0; environment.containsProperties("pipelines[" + i + "]"); i++) {
            String prefix = "pipelines[" + i + "].";
            List<String> inputs = new ArrayList<>();
            for (int j = 0; environment.containsProperties(prefix + "inputs[" + j + "]"); j++) {
                environment.getProperty(prefix + "inputs[" + j + "].topic", String.class).ifPresent(inputs::add);
            }
            pipelines.add(new Pipeline(environment.getProperty(prefix + "name", String.class).orElse("#" + i),
                    environment.getProperty(prefix + "dead-letter", String.class).orElse(null), inputs));
        }
        return new ReplayConfig(clients, pipelines);
    }

    /** The topic a replay reads: the pipeline's dead-letter topic, or the one given. */
    Target target(String pipeline, String deadLetterTopic) {
        if (pipeline == null) {
            if (deadLetterTopic == null) {
                throw new IllegalArgumentException("give --pipeline NAME or --dead-letter-topic TOPIC");
            }
            return new Target(deadLetterTopic, List.of());
        }
        Optional<Pipeline> found = pipelines.stream().filter(p -> p.name().equals(pipeline)).findFirst();
        if (found.isEmpty()) {
            throw new ConfigException("no pipeline '" + pipeline + "' in the configuration (pipelines: "
                    + pipelines.stream().map(Pipeline::name).toList() + ")");
        }
        String topic = deadLetterTopic != null ? deadLetterTopic : found.get().deadLetterTopic();
        if (topic == null) {
            throw new ConfigException("pipeline '" + pipeline + "' has no dead-letter topic");
        }
        return new Target(topic, found.get().inputTopics());
    }
}
