package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nlpstream.app.NlpStreamCli;
import io.nlpstream.models.testing.FixtureModels;
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
        Result r = runWithModel("/no/such/model", PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("nlp-stream: invalid configuration: models.definitions.sentiment.path is "
                + "'/no/such/model', which is neither a model directory nor a built-in model (");
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void anUnreachableRegistryStopsStartUpWhenATopicIsAvro() throws Exception {
        Result r = run("""
                schema-registry.url: http://127.0.0.1:9
                """ + PIPELINE.formatted("AVRO"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("nlp-stream: invalid configuration: schema-registry.url http://127.0.0.1:9 "
                + "cannot be reached (");
    }

    @Test
    void anApiOnEveryInterfaceWithoutAuthenticationIsOneSentence() throws Exception {
        Result r = run("micronaut.server.host: 0.0.0.0\n" + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: the HTTP API listens on 0.0.0.0 "
                + "(micronaut.server.host) and api.authentication is not set; set api.authentication to api-key or "
                + "jwt, to none to serve the API to anyone who can reach it, or micronaut.server.host to 127.0.0.1.");
    }

    @Test
    void apiKeysWithoutAKeysFileIsOneSentence() throws Exception {
        Result r = run("api.authentication: api-key\n" + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: api.keys-file must be set when "
                + "api.authentication is api-key.");
    }

    @Test
    void noPipelinesIsOneSentence() throws Exception {
        Result r = run("");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: pipelines must define at least one "
                + "pipeline.");
    }

    @Test
    void unknownEnumValuesListTheChoices() throws Exception {
        Result r = run("""
                kafka.processing-guarantee: exactly_twice
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: kafka.processing-guarantee is "
                + "'exactly_twice' but must be one of exactly-once-v2, at-least-once.");
    }

    @Test
    void aMalformedRegistryUrlIsOneSentenceWhenATopicIsAvro() throws Exception {
        Result r = run("""
                schema-registry.url: registry:8081
                """ + PIPELINE.formatted("AVRO"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: schema-registry is invalid: "
                + "schema.registry.url entries must be http:// or https:// URLs with a host, got registry:8081.");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKey() throws Exception {
        Result r = run("""
                kafka.num-stream-threads: many
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: kafka.num-stream-threads is 'many', "
                + "which is not a whole number.");
    }

    @Test
    void anUnresolvedPlaceholderNamesTheVariable() throws Exception {
        Result r = run("""
                schema-registry.basic-auth-user-info: ${NLPSTREAM_TEST_UNSET_VARIABLE}
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
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: schema-registry.auto-register-schemas "
                + "is 'ture' but must be true or false.");
    }

    @Test
    void aModelThatCannotLoadNamesTheModel() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-model"));
        Result r = runWithModel(empty.toString(), PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("nlp-stream: cannot load model 'sentiment': Model directory '" + empty
                + "' has no model.onnx");
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void aBuiltInModelNameSaysWhereBuiltInsLiveAndHowToExportThem() throws Exception {
        Result r = runWithModel("demo-sentiment", PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: cannot load model 'sentiment': 'demo-sentiment' is a built-in"
                + " model, and built-in models ship only in the tools jar (tools/target/nlp-stream-tools.jar, which"
                + " bin/nlp-stream runs), not in the service jar; to use it here, export the built-ins as directories"
                + " with 'bin/nlp-stream models export DIR' and set the model's path to DIR/demo-sentiment.");
    }

    @Test
    void aMisspelledKeyNamesTheKeyTheFileAndTheClosestKey() throws Exception {
        Result r = run("""
                models.definitions.sentiment.agregation-strategy: simple
                """ + PIPELINE.formatted("JSON"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: invalid configuration: "
                + "models.definitions.sentiment.agregation-strategy (in --config " + dir.resolve("config.yml")
                + ") is not a configuration key; the closest one is models.definitions.sentiment.aggregation-strategy"
                + " (docs/configuration.md lists every key).");
    }

    @Test
    void aMisspelledKeyInsideAPipelineNamesItsIndex() throws Exception {
        Result r = run(PIPELINE.formatted("JSON") + "    batch: {max-wiat: 20ms}\n");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("pipelines[0].batch.max-wiat (in --config ")
                .contains("the closest one is pipelines[0].batch.max-wait (");
    }

    @Test
    void aPlaceholderDefaultWithColonsIsReadAsWritten() throws Exception {
        // The registry URL's default is used whole: before, Micronaut read each colon as a further fallback and
        // the URL became "8081".
        Result r = run("""
                schema-registry.url: ${NLPSTREAM_TEST_UNSET_VARIABLE:http://127.0.0.1:9}
                """ + PIPELINE.formatted("AVRO"));

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("nlp-stream: invalid configuration: schema-registry.url http://127.0.0.1:9 "
                + "cannot be reached (");
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
        return runWithModel(FixtureModels.path(FixtureModels.SENTIMENT), yaml);
    }

    /** {@code run} with {@code yaml} and the model {@code sentiment} at {@code modelPath}. */
    private Result runWithModel(String modelPath, String yaml) throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "micronaut.server.port: -1\nmodels.definitions.sentiment.path: " + modelPath + "\n"
                + yaml);
        StringWriter err = new StringWriter();
        CommandLine cli = NlpStreamCli.commandLine().setErr(new PrintWriter(err, true));
        int exit = cli.execute("run", "--config", config.toString());
        return new Result(exit, err.toString());
    }
}
