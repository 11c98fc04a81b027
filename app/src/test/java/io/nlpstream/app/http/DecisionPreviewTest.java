package io.nlpstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.nlpstream.app.service.ConfigFiles;
import io.nlpstream.models.testing.FixtureModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/pipelines/{name}/decision} on the service's HTTP server, with the moderation fixture (all four
 * labels) behind a pipeline whose decisions are configured in YAML; no Kafka is needed to preview. Expected scores
 * are the transformers pipeline's (golden.json) for the same texts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionPreviewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private ApplicationContext context;
    private EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Path file = Files.writeString(dir.resolve("preview.yml"), "models.definitions.moderation.path: "
                + FixtureModels.path(FixtureModels.MODERATION) + "\n" + """
                models.definitions.moderation.top-k: 0
                micronaut.server.port: -1
                pipelines:
                  - name: comments
                    inputs: [{topic: comments}]
                    output: comments-enriched
                    output-format: JSON
                    dead-letter: comments-dlq
                    models: [moderation]
                    text-limit: {max-code-points: 40, policy: REJECT}
                    decisions:
                      thresholds:
                        - {model: moderation, threshold: 0.5, labels: {threat: 0.3}}
                      rules:
                        - {name: threatening, any: [threat], action: block}
                        - {name: abusive, any: [toxic, insult], action: review}
                      actions:
                        - {name: block, topic: comments-blocked, mode: move}
                        - {name: review, topic: comments-review}
                """);
        context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(file)).toArray(PropertySource[]::new))
                .properties(Map.of("kafka.state-dir", dir.resolve("state").toString()))
                .start();
        server = context.getBean(EmbeddedServer.class).start();
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAbusiveTextIsFlaggedAndSentToReviewAsWellAsTheOutput() throws Exception {
        HttpResponse<String> response = post("/v1/pipelines/comments/decision", "{\"text\": \"you are an idiot\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("pipeline").asText()).isEqualTo("comments");
        assertThat(answer.at("/decision/action").asText()).isEqualTo("review");
        assertThat(answer.at("/decision/rule").asText()).isEqualTo("abusive");
        assertThat(answer.get("topics")).extracting(JsonNode::asText)
                .containsExactly("comments-enriched", "comments-review");
        JsonNode flags = answer.get("flags");
        assertThat(flags).extracting(f -> f.get("label").asText()).containsExactlyInAnyOrder("insult", "toxic");
        for (JsonNode flag : flags) {
            double golden = flag.get("label").asText().equals("insult") ? 0.9994122982025146 : 0.998319685459137;
            assertThat(flag.get("score").asDouble()).isCloseTo(golden, within(1e-4));
            assertThat(flag.get("threshold").asDouble()).isEqualTo(0.5);
            assertThat(flag.get("model").asText()).isEqualTo("moderation");
            assertThat(flag.get("modelVersion").asText()).isNotBlank();
        }
    }

    @Test
    void aFriendlyTextIsAllowedToTheOutputOnly() throws Exception {
        HttpResponse<String> response = post("/v1/pipelines/comments/decision",
                "{\"text\": \"thanks for the update\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.at("/decision/action").asText()).isEqualTo("allow");
        assertThat(answer.at("/decision/rule").isNull()).isTrue();
        assertThat(answer.get("flags")).isEmpty();
        assertThat(answer.get("topics")).extracting(JsonNode::asText).containsExactly("comments-enriched");
    }

    @Test
    void mistakesAreAnsweredWithTheirStatus() throws Exception {
        assertThat(post("/v1/pipelines/nope/decision", "{\"text\": \"hi\"}").statusCode()).isEqualTo(404);
        assertThat(post("/v1/pipelines/comments/decision", "{\"txt\": \"hi\"}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/pipelines/comments/decision", "not json").statusCode()).isEqualTo(400);
        HttpResponse<String> tooLong = post("/v1/pipelines/comments/decision",
                "{\"text\": \"" + "a".repeat(41) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(tooLong.body()).contains("TEXT_TOO_LONG");
    }
}
