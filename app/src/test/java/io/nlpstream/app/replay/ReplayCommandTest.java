package io.nlpstream.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.nlpstream.app.NlpStreamCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's configuration and usage, without a cluster (the replay itself: it-tests' ReplayIT). */
class ReplayCommandTest {
    @TempDir
    Path dir;

    @Test
    void thePipelineNamesItsDeadLetterTopicAndInputsAndTheClientsGetTheSharedSecuritySettings() throws Exception {
        Path config = dir.resolve("app.yml");
        Files.writeString(config, """
                kafka:
                  bootstrap-servers: broker-1:9092,broker-2:9092
                  properties:
                    security.protocol: SASL_SSL
                    processing.guarantee: at_least_once
                pipelines:
                  - name: reviews
                    inputs:
                      - topic: reviews
                      - topic: reviews-eu
                    output: reviews-enriched
                    dead-letter: reviews-dlq
                    models: [sentiment]
                  - name: tickets
                    inputs:
                      - topic: tickets
                    output: tickets-enriched
                    dead-letter: tickets-dlq
                    models: [sentiment]
                """);
        ReplayConfig read = ReplayConfig.load(List.of(config));

        assertThat(read.clientConfig()).containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("processing.guarantee");
        assertThat(read.target("reviews", null))
                .isEqualTo(new ReplayConfig.Target("reviews-dlq", List.of("reviews", "reviews-eu")));
        assertThat(read.target("tickets", null).deadLetterTopic()).isEqualTo("tickets-dlq");
        assertThat(read.target(null, "other-dlq")).isEqualTo(new ReplayConfig.Target("other-dlq", List.of()));
    }

    @Test
    void usageErrorsAndAnUnknownPipelineAreOneSentence() throws Exception {
        assertThat(execute("replay")).startsWith("2:").contains("give --pipeline NAME or --dead-letter-topic TOPIC");
        assertThat(execute("replay", "--dead-letter-topic", "d", "--reason", "OOPS")).startsWith("2:")
                .contains("--reason OOPS is not one of");
        assertThat(execute("replay", "--dead-letter-topic", "d", "--since", "yesterday")).startsWith("2:")
                .contains("is not an ISO-8601 instant");
        Path config = dir.resolve("empty.yml");
        Files.writeString(config, "kafka:\n  bootstrap-servers: localhost:1\n");
        assertThat(execute("replay", "--config", config.toString(), "--pipeline", "reviews")).startsWith("1:")
                .contains("nlp-stream replay: no pipeline 'reviews' in the configuration");
    }

    static String execute(String... args) {
        StringWriter err = new StringWriter();
        CommandLine line = NlpStreamCli.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        int code = line.execute(args);
        return code + ":" + err;
    }
}
