package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.nlpstream.app.config.KafkaPassThrough;
import io.nlpstream.app.config.KafkaProperties;
import io.nlpstream.app.metrics.ServiceMetrics;
import io.nlpstream.models.testing.FixtureModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka's own property names are dotted: they must reach Kafka exactly as written, not as nested config. */
class KafkaPropertiesBindingTest {
    @TempDir
    Path dir;

    /** The least configuration the context starts with: one model, one JSON pipeline. */
    private static final String MINIMAL = "models.definitions.sentiment.path: "
            + FixtureModels.path(FixtureModels.SENTIMENT) + "\n" + """
            pipelines:
              - {name: p, inputs: [{topic: in}], output: out, output-format: JSON, dead-letter: dlq,
                 models: [sentiment]}
            """;

    @Test
    void passThroughPropertiesKeepTheirDottedNames() throws Exception {
        Path file = Files.writeString(dir.resolve("k.yml"), """
                kafka:
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: 'org.example.Login required username="u";'
                    session.timeout.ms: 60000
                    consumer.max.poll.records: 100
                """ + MINIMAL);
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(file)).toArray(PropertySource[]::new))
                .properties(Map.of("kafka.state-dir", dir.resolve("state").toString()))
                .start()) {
            Map<String, String> passThrough = KafkaPassThrough.read(context.getEnvironment());
            assertThat(passThrough)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.jaas.config", "org.example.Login required username=\"u\";")
                    .containsEntry("session.timeout.ms", "60000")
                    .containsEntry("consumer.max.poll.records", "100")
                    .hasSize(4);
            Properties streams = StreamsRunner.streamsProperties(context.getBean(KafkaProperties.class), passThrough,
                    context.getBean(StreamsRunner.class).plan(), context.getBean(ServiceMetrics.class));
            assertThat(streams).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("consumer.max.poll.records", "100");
        }
    }

    /**
     * {@code KAFKA_PROPERTIES_GROUP_INSTANCE_ID} reaches Micronaut as every dot/dash reading of its name; the
     * service must still start (Micronaut's own map binding throws here) and pass Kafka the one dotted name.
     */
    @Test
    void anEnvironmentVariableBecomesOneKafkaProperty() throws Exception {
        Path file = Files.writeString(dir.resolve("minimal.yml"), MINIMAL);
        PropertySource environment = PropertySource.of("test-env",
                Map.of("KAFKA_PROPERTIES_GROUP_INSTANCE_ID", "pod-1", "KAFKA_BOOTSTRAP_SERVERS", "broker:9093"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(file)).get(0), environment)
                .properties(Map.of("kafka.properties.security.protocol", "SSL",
                        "kafka.state-dir", dir.resolve("state").toString())).start()) {
            assertThat(KafkaPassThrough.read(context.getEnvironment()))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("group.instance.id", "pod-1", "security.protocol", "SSL"));
            assertThat(context.getBean(KafkaProperties.class).getBootstrapServers()).isEqualTo("broker:9093");
        }
    }
}
