package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.nlpstream.app.config.KafkaProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka's own property names are dotted: they must reach Kafka exactly as written, not as nested config. */
class KafkaPropertiesBindingTest {
    @TempDir
    Path dir;

    @Test
    void passThroughPropertiesKeepTheirDottedNames() throws Exception {
        Path file = Files.writeString(dir.resolve("k.yml"), """
                kafka:
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: 'org.example.Login required username="u";'
                    session.timeout.ms: 60000
                    consumer.max.poll.records: 100
                models.definitions.sentiment.path: demo-sentiment
                pipelines:
                  - {name: p, inputs: [{topic: in}], output: out, output-format: JSON, dead-letter: dlq,
                     models: [sentiment]}
                """);
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(file)).toArray(PropertySource[]::new))
                .properties(java.util.Map.of("kafka.state-dir", dir.resolve("state").toString()))
                .start()) {
            KafkaProperties kafka = context.getBean(KafkaProperties.class);
            assertThat(kafka.getProperties())
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.jaas.config", "org.example.Login required username=\"u\";")
                    .containsEntry("session.timeout.ms", "60000")
                    .containsEntry("consumer.max.poll.records", "100")
                    .hasSize(4);
            java.util.Properties streams = StreamsRunner.streamsProperties(kafka,
                    context.getBean(StreamsRunner.class).plan(), context.getBean(
                            io.nlpstream.app.metrics.ServiceMetrics.class));
            assertThat(streams).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("consumer.max.poll.records", "100");
        }
    }
}
