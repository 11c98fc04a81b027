package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nlpstream.app.NlpStreamCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run} with configurations that cannot work: exit 1 and one sentence, before anything connects to Kafka. */
class RunCommandTest {
    @TempDir
    Path dir;

    private static final String PIPELINE = """
            pipelines:
              - name: p
                inputs: [{topic: in}]
                output: out
                output-format: %s
                dead-letter: dlq
                models: [sentiment]
            """;

    @Test
    void aMissingModelDirectoryIsOneSentence() throws Exception {
        Result r = run("""
                models.definitions.sentiment.path: /no/such/model
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("nlp-stream: invalid configuration: models.definitions.sentiment.path is "
                + "'/no/such/model', which is neither a model directory nor a built-in model (");
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void anUnreachableRegistryStopsStartUpWhenATopicIsAvro() throws Exception {
        Result r = run("""
                schema-registry.url: http://127.0.0.1:9
                models.definitions.sentiment.path: demo-sentiment
                """ + PIPELINE.formatted("AVRO"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("nlp-stream: invalid configuration: schema-registry.url http://127.0.0.1:9 "
                + "cannot be reached (");
    }

    @Test
    void noPipelinesIsOneSentence() throws Exception {
        Result r = run("models.definitions.sentiment.path: demo-sentiment\n");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: pipelines must define at least one "
                + "pipeline.");
    }

    @Test
    void unknownEnumValuesListTheChoices() throws Exception {
        Result r = run("""
                kafka.processing-guarantee: exactly_twice
                models.definitions.sentiment.path: demo-sentiment
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: kafka.processing-guarantee is "
                + "'exactly_twice' but must be one of exactly-once-v2, at-least-once.");
    }

    @Test
    void aMalformedRegistryUrlIsOneSentenceWhenATopicIsAvro() throws Exception {
        Result r = run("""
                schema-registry.url: registry:8081
                models.definitions.sentiment.path: demo-sentiment
                """ + PIPELINE.formatted("AVRO"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: schema-registry is invalid: "
                + "schema.registry.url entries must be http:// or https:// URLs with a host, got registry:8081.");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKey() throws Exception {
        Result r = run("""
                kafka.num-stream-threads: many
                models.definitions.sentiment.path: demo-sentiment
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: kafka.num-stream-threads is 'many', "
                + "which is not a whole number.");
    }

    @Test
    void anUnresolvedPlaceholderNamesTheVariable() throws Exception {
        Result r = run("""
                schema-registry.basic-auth-user-info: ${NLPSTREAM_TEST_UNSET_VARIABLE}
                models.definitions.sentiment.path: demo-sentiment
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: the placeholder "
                + "${NLPSTREAM_TEST_UNSET_VARIABLE} has no value; set the environment variable or system property "
                + "NLPSTREAM_TEST_UNSET_VARIABLE, or give a default as ${NLPSTREAM_TEST_UNSET_VARIABLE:default}.");
    }

    @Test
    void aBooleanMustBeTrueOrFalse() throws Exception {
        Result r = run("""
                schema-registry.auto-register-schemas: ture
                models.definitions.sentiment.path: demo-sentiment
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: schema-registry.auto-register-schemas "
                + "is 'ture' but must be true or false.");
    }

    @Test
    void aModelThatCannotLoadNamesTheModel() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-model"));
        Result r = run("models.definitions.sentiment.path: " + empty + "\n" + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("nlp-stream: cannot load model 'sentiment': Model directory '" + empty
                + "' has no model.onnx");
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void aMissingConfigFileIsOneSentence() {
        StringWriter err = new StringWriter();
        int exit = NlpStreamCli.commandLine().setErr(new PrintWriter(err, true))
                .execute("run", "--config", dir.resolve("absent.yml").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("nlp-stream: invalid configuration: --config "
                + dir.resolve("absent.yml") + " is not a readable file.");
    }

    private record Result(int exit, String err) {
    }

    private Result run(String yaml) throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "micronaut.server.port: -1\n" + yaml);
        StringWriter err = new StringWriter();
        CommandLine cli = NlpStreamCli.commandLine().setErr(new PrintWriter(err, true));
        int exit = cli.execute("run", "--config", config.toString());
        return new Result(exit, err.toString());
    }
}
