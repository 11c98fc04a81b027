package io.nlpstream.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code api.authentication: api-key} on the running HTTP API, with two keys as during a rotation. */
class ApiKeyAuthenticationTest {
    static final String OLD_KEY = "old-key-7f3a9c";
    static final String NEW_KEY = "new-key-d41e20";
    static final String INPUT = "{\"text\": \"I love this\"}";

    @TempDir
    static Path dir;
    static ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        Path keys = Files.writeString(dir.resolve("api-keys"), "# rotation: old and new\n"
                + ApiKeys.sha256Hex(OLD_KEY) + " client-old\n" + ApiKeys.sha256Hex(NEW_KEY) + "\n");
        server = ApiServer.start(Map.of("api.authentication", "api-key", "api.keys-file", keys.toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noCredentialsIs401() {
        HttpResponse<String> response = server.classify(INPUT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(server.get(server.apiPort(), "/models").statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongKeyIs403WhicheverHeaderCarriesIt() {
        assertThat(server.classify(INPUT, "X-API-Key", "not-a-key").statusCode()).isEqualTo(403);
        assertThat(server.classify(INPUT, "Authorization", "Bearer not-a-key").statusCode()).isEqualTo(403);
        // The hash itself is not a key: a leaked keys file grants nothing.
        assertThat(server.classify(INPUT, "X-API-Key", ApiKeys.sha256Hex(OLD_KEY)).statusCode()).isEqualTo(403);
    }

    @Test
    void eachOfTheRotatedKeysIsAccepted() {
        HttpResponse<String> old = server.classify(INPUT, "X-API-Key", OLD_KEY);
        HttpResponse<String> current = server.classify(INPUT, "Authorization", "Bearer " + NEW_KEY);

        assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
        assertThat(old.body()).contains("\"label\"");
        assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
        assertThat(server.get(server.apiPort(), "/models", "X-API-Key", NEW_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnsignedJwtIsNotAnApiKey() {
        // {"alg":"none"}.{"sub":"admin"}. : Micronaut accepts such tokens when no signature is configured at all.
        String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";

        assertThat(server.classify(INPUT, "Authorization", "Bearer " + unsigned).statusCode()).isEqualTo(403);
    }

    @Test
    void managementAnswersOnItsOwnPortOnly() {
        assertThat(server.get(server.managementPort, "/health/liveness").statusCode()).isEqualTo(200);
        assertThat(server.get(server.managementPort, "/prometheus").body()).contains("nlpstream_");
        assertThat(server.get(server.apiPort(), "/health", "X-API-Key", NEW_KEY).statusCode()).isEqualTo(404);
        assertThat(server.get(server.apiPort(), "/prometheus", "X-API-Key", NEW_KEY).statusCode()).isEqualTo(404);
        assertThat(server.get(server.managementPort, "/models", "X-API-Key", NEW_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void healthDetailsOnlyForAnAuthenticatedCaller() {
        String anonymous = server.get(server.managementPort, "/health").body();
        String authenticated = server.get(server.managementPort, "/health", "X-API-Key", NEW_KEY).body();
        String wrongKey = server.get(server.managementPort, "/health", "X-API-Key", "not-a-key").body();

        assertThat(anonymous).contains("\"status\"").doesNotContain("details");
        assertThat(wrongKey).doesNotContain("details");
        assertThat(authenticated).contains("details");
    }
}
