package io.nlpstream.tools.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speaks raw HTTP to the embedded registry, as a Confluent client or operator would. */
class EmbeddedSchemaRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema V1 = SchemaBuilder.record("User").namespace("t").fields().requiredString("name").endRecord();
    private static final Schema V2_OPTIONAL = SchemaBuilder.record("User").namespace("t").fields()
            .requiredString("name").optionalString("email").endRecord();
    private static final Schema V2_REQUIRED = SchemaBuilder.record("User").namespace("t").fields()
            .requiredString("name").requiredString("email").endRecord();

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedSchemaRegistry registry;

    private record Answer(int status, JsonNode body, String contentType) {
        int errorCode() {
            return body.path("error_code").asInt();
        }
    }

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.create().start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private Answer send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private Answer send(String method, String path, String body) throws Exception {
        return send(method, path, body, null);
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    @Test
    void bindsToLoopback() {
        assertThat(registry.url()).startsWith("http://127.0.0.1:");
        assertThat(registry.port()).isPositive();
    }

    @Test
    void registersVersionsWithGlobalIdsSharedAcrossSubjects() throws Exception {
        Answer first = send("POST", "/subjects/users-value/versions", schemaBody(V1));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        int id = first.body().get("id").asInt();
        assertThat(send("POST", "/subjects/users-value/versions", schemaBody(V1)).body().get("id").asInt()).isEqualTo(id);
        assertThat(send("POST", "/subjects/other-value/versions", schemaBody(V1)).body().get("id").asInt()).isEqualTo(id);
        int id2 = send("POST", "/subjects/users-value/versions", schemaBody(V2_OPTIONAL)).body().get("id").asInt();
        assertThat(id2).isNotEqualTo(id);

        assertThat(send("GET", "/subjects", null).body().toString()).isEqualTo("[\"other-value\",\"users-value\"]");
        assertThat(send("GET", "/subjects/users-value/versions", null).body().toString()).isEqualTo("[1,2]");
        JsonNode latest = send("GET", "/subjects/users-value/versions/latest", null).body();
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(id2);
        assertThat(new Schema.Parser().parse(latest.get("schema").asText())).isEqualTo(V2_OPTIONAL);
        assertThat(send("GET", "/subjects/users-value/versions/1", null).body().get("id").asInt()).isEqualTo(id);
        assertThat(new Schema.Parser().parse(send("GET", "/subjects/users-value/versions/1/schema", null).body().toString())).isEqualTo(V1);
        assertThat(new Schema.Parser().parse(send("GET", "/schemas/ids/" + id, null).body().get("schema").asText())).isEqualTo(V1);

        JsonNode found = send("POST", "/subjects/users-value", schemaBody(V1)).body();
        assertThat(found.get("version").asInt()).isEqualTo(1);
        assertThat(found.get("id").asInt()).isEqualTo(id);
        assertThat(found.get("subject").asText()).isEqualTo("users-value");
    }

    @Test
    void answersConfluentErrorCodes() throws Exception {
        assertThat(send("GET", "/subjects/nope/versions", null).errorCode()).isEqualTo(40401);
        assertThat(send("GET", "/schemas/ids/99", null)).satisfies(a -> {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.errorCode()).isEqualTo(40403);
        });
        send("POST", "/subjects/s/versions", schemaBody(V1));
        assertThat(send("GET", "/subjects/s/versions/7", null).errorCode()).isEqualTo(40402);
        assertThat(send("GET", "/subjects/s/versions/zero", null).errorCode()).isEqualTo(42202);
        assertThat(send("POST", "/subjects/s", schemaBody(V2_OPTIONAL)).errorCode()).isEqualTo(40403);
        assertThat(send("POST", "/subjects/s/versions", "{\"schema\":\"{not avro\"}")).satisfies(a -> {
            assertThat(a.status()).isEqualTo(422);
            assertThat(a.errorCode()).isEqualTo(42201);
        });
        assertThat(send("POST", "/subjects/s/versions", "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}")
                .errorCode()).isEqualTo(42201);
        assertThat(send("POST", "/subjects/s/versions", schemaBody(V2_REQUIRED))).satisfies(a -> {
            assertThat(a.status()).isEqualTo(409);
            assertThat(a.errorCode()).isEqualTo(409);
            assertThat(a.body().get("message").asText()).contains("BACKWARD").contains("email");
        });
        assertThat(send("GET", "/nothing/here", null).status()).isEqualTo(404);
    }

    @Test
    void enforcesTheConfiguredCompatibilityLevel() throws Exception {
        assertThat(send("GET", "/config", null).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        send("POST", "/subjects/s/versions", schemaBody(V1));
        assertThat(send("POST", "/subjects/s/versions", schemaBody(V2_REQUIRED)).status()).isEqualTo(409);

        // FORWARD: old readers must read the new data; adding a required field is fine, removing one is not.
        assertThat(send("PUT", "/config/s", "{\"compatibility\":\"FORWARD\"}").body().get("compatibility").asText()).isEqualTo("FORWARD");
        assertThat(send("GET", "/config/s", null).body().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
        assertThat(send("POST", "/subjects/s/versions", schemaBody(V2_REQUIRED)).status()).isEqualTo(200);
        assertThat(send("POST", "/subjects/s/versions", schemaBody(V1)).status()).isEqualTo(200); // V1 is already version 1

        send("PUT", "/config/t", "{\"compatibility\":\"FULL\"}");
        send("POST", "/subjects/t/versions", schemaBody(V1));
        assertThat(send("POST", "/subjects/t/versions", schemaBody(V2_REQUIRED)).status()).isEqualTo(409);
        assertThat(send("POST", "/subjects/t/versions", schemaBody(V2_OPTIONAL)).status()).isEqualTo(200);

        send("PUT", "/config", "{\"compatibility\":\"none\"}");
        send("POST", "/subjects/u/versions", schemaBody(V2_REQUIRED));
        Schema unrelated = SchemaBuilder.record("User").namespace("t").fields().requiredInt("name").endRecord();
        assertThat(send("POST", "/subjects/u/versions", schemaBody(unrelated)).status()).isEqualTo(200);

        assertThat(send("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}")).satisfies(a -> {
            assertThat(a.status()).isEqualTo(422);
            assertThat(a.errorCode()).isEqualTo(42203);
        });
        assertThat(send("GET", "/config/u", null).errorCode()).isEqualTo(40408);
        assertThat(send("GET", "/config/u?defaultToGlobal=true", null).body().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(send("DELETE", "/config/t", null).body().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(send("GET", "/config/t", null).errorCode()).isEqualTo(40408);
    }

    @Test
    void deletingASubjectKeepsIdsResolvableAndContinuesVersions() throws Exception {
        int id = send("POST", "/subjects/s/versions", schemaBody(V1)).body().get("id").asInt();
        assertThat(send("DELETE", "/subjects/s", null).body().toString()).isEqualTo("[1]");
        assertThat(send("GET", "/subjects/s/versions", null).errorCode()).isEqualTo(40401);
        assertThat(send("GET", "/subjects", null).body().size()).isZero();
        assertThat(send("GET", "/schemas/ids/" + id, null).status()).isEqualTo(200);
        assertThat(send("POST", "/subjects/s/versions", schemaBody(V1)).body().get("id").asInt()).isEqualTo(id);
        assertThat(send("GET", "/subjects/s/versions", null).body().toString()).isEqualTo("[2]");
        assertThat(send("DELETE", "/subjects/missing", null).errorCode()).isEqualTo(40401);
    }

    @Test
    void decodesEncodedSubjectNames() throws Exception {
        send("POST", "/subjects/a%2Fb%20c%2B-value/versions", schemaBody(V1));
        assertThat(send("GET", "/subjects", null).body().get(0).asText()).isEqualTo("a/b c+-value");
    }

    @Test
    void requiresBasicAuthWhenConfigured() throws Exception {
        registry.close();
        registry = EmbeddedSchemaRegistry.builder().basicAuth("u", "p").build().start();
        assertThat(send("GET", "/subjects", null)).satisfies(a -> {
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.errorCode()).isEqualTo(40101);
        });
        String wrong = "Basic " + Base64.getEncoder().encodeToString("u:x".getBytes());
        assertThat(send("GET", "/subjects", null, wrong).status()).isEqualTo(401);
        String right = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes());
        assertThat(send("GET", "/subjects", null, right).status()).isEqualTo(200);
        assertThat(registry.toString()).doesNotContain("u:p");
    }

    @Test
    void injectedFaultsAnswerTheGivenStatusThenRecover() throws Exception {
        registry.failNextRequests(2, 503);
        assertThat(send("GET", "/subjects", null).status()).isEqualTo(503);
        assertThat(send("POST", "/subjects/s/versions", schemaBody(V1)).status()).isEqualTo(503);
        assertThat(send("GET", "/subjects", null).body().size()).isZero(); // the faulted register had no effect
        assertThat(registry.requestCount()).isEqualTo(3);
    }

    @Test
    void servesUnderAContextPath() throws Exception {
        registry.close();
        registry = EmbeddedSchemaRegistry.builder().contextPath("apis/ccompat/v7/").build().start();
        assertThat(registry.url()).endsWith("/apis/ccompat/v7");
        assertThat(send("POST", "/subjects/s/versions", schemaBody(V1)).status()).isEqualTo(200);
        HttpResponse<String> outside = http.send(HttpRequest.newBuilder(URI.create(registry.url().replace("/apis/ccompat/v7", "") + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(outside.statusCode()).isEqualTo(404);
    }
}
